import type { Location } from '@stockline/protocol';
import type { LocationFacts } from '@stockline/domain';
import {
  toLocation,
  UnknownWarehouseError,
  type BinStock,
  type BinStockQuery,
  type LocationPatch,
  type LocationRow,
  type NewLocation,
} from '../core/locations';
import { DuplicateKeyError } from '../core/port';
import { postgres as d, type Query } from '../sql/dialect';
import * as q from '../sql/locations';
import type { Sql } from './db';

/** Locations on PostgreSQL; writes run inside the caller's write transaction. */

async function count(sql: Sql, query: Query): Promise<number> {
  return Number((await sql.one<{ n: number | string }>(query.text, query.params))?.n ?? 0);
}

/** A unique index's violation (two writers at once past the checks) as the field it guards. */
function asDuplicate(error: unknown): never {
  const { code, constraint } = error as { code?: string; constraint?: string };
  if (code === '23505' && constraint === 'locations_code_nocase') throw new DuplicateKeyError('code');
  if (code === '23505' && constraint === 'locations_barcode_key') throw new DuplicateKeyError('barcode');
  throw error;
}

async function checkBarcode(sql: Sql, barcode: string | null | undefined, id: string): Promise<void> {
  if (barcode && (await count(sql, q.barcodeTaken(d, barcode, id))) > 0) throw new DuplicateKeyError('barcode');
}

export async function createLocation(sql: Sql, input: NewLocation): Promise<Location> {
  if ((await count(sql, q.warehouseExists(d, input.warehouseId))) === 0) throw new UnknownWarehouseError();
  if ((await count(sql, q.codeTaken(d, input.warehouseId, input.code))) > 0) throw new DuplicateKeyError('code');
  await checkBarcode(sql, input.barcode, input.id);
  const { text, params } = q.insertLocation(d, input);
  const row = await sql.one<LocationRow>(text, params).catch(asDuplicate);
  if (!row) throw new Error('location insert returned nothing');
  return toLocation(row);
}

export async function listLocations(sql: Sql, warehouseId: string): Promise<Location[]> {
  const { text, params } = q.selectLocations(d, warehouseId);
  return (await sql.all<LocationRow>(text, params)).map(toLocation);
}

export async function getLocation(sql: Sql, id: string): Promise<Location | null> {
  const { text, params } = q.selectLocation(d, id);
  const row = await sql.one<LocationRow>(text, params);
  return row ? toLocation(row) : null;
}

export async function findLocationByBarcode(sql: Sql, barcode: string): Promise<Location | null> {
  const { text, params } = q.selectLocationByBarcode(d, barcode);
  const row = await sql.one<LocationRow>(text, params);
  return row ? toLocation(row) : null;
}

export async function updateLocation(sql: Sql, patch: LocationPatch): Promise<Location | null> {
  await checkBarcode(sql, patch.barcode, patch.id);
  const { text, params } = q.updateLocation(d, patch);
  const row = await sql.one<LocationRow>(text, params).catch(asDuplicate);
  return row ? toLocation(row) : null;
}

export async function listBinStock(sql: Sql, query: BinStockQuery): Promise<BinStock[]> {
  const { text, params } = q.selectBinStock(d, query);
  return (await sql.all<q.BinStockRow>(text, params)).map(q.toBinStock);
}

/** The locations a pushed batch names, read in one statement. */
export async function readLocationFacts(sql: Sql, ids: readonly string[]): Promise<Map<string, LocationFacts>> {
  if (ids.length === 0) return new Map();
  const { text, params } = q.selectLocationFacts(d, ids);
  const rows = await sql.all<q.LocationFactRow>(text, params);
  return new Map(rows.map((r) => [r.id, { warehouseId: r.warehouse_id, archived: r.archived === 1 }]));
}
