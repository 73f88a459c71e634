import type { Location } from '@stockline/protocol';
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
import { sqlite as d } from '../sql/dialect';
import * as q from '../sql/locations';
import type { Statements } from './statements';

/** Locations on SQLite; the caller runs each write inside one write transaction. */

function count(sql: Statements, query: { text: string; params: unknown[] }): number {
  return sql.get<{ n: number }>(query.text, query.params)?.n ?? 0;
}

/** The unique indexes as the fields they guard (a clash that slipped past the checks). */
function asDuplicate(error: unknown): never {
  const message = (error as Error).message;
  if (/locations_code_nocase/.test(message)) throw new DuplicateKeyError('code');
  if (/locations\.barcode/.test(message)) throw new DuplicateKeyError('barcode');
  throw error;
}

function checkBarcode(sql: Statements, barcode: string | null | undefined, id: string): void {
  if (barcode && count(sql, q.barcodeTaken(d, barcode, id)) > 0) throw new DuplicateKeyError('barcode');
}

export function createLocation(sql: Statements, input: NewLocation): Location {
  if (count(sql, q.warehouseExists(d, input.warehouseId)) === 0) throw new UnknownWarehouseError();
  if (count(sql, q.codeTaken(d, input.warehouseId, input.code)) > 0) throw new DuplicateKeyError('code');
  checkBarcode(sql, input.barcode, input.id);
  const { text, params } = q.insertLocation(d, input);
  try {
    const row = sql.get<LocationRow>(text, params);
    if (!row) throw new Error('location insert returned nothing');
    return toLocation(row);
  } catch (error) {
    asDuplicate(error);
  }
}

export function listLocations(sql: Statements, warehouseId: string): Location[] {
  const { text, params } = q.selectLocations(d, warehouseId);
  return sql.all<LocationRow>(text, params).map(toLocation);
}

export function getLocation(sql: Statements, id: string): Location | null {
  const { text, params } = q.selectLocation(d, id);
  const row = sql.get<LocationRow>(text, params);
  return row ? toLocation(row) : null;
}

export function findLocationByBarcode(sql: Statements, barcode: string): Location | null {
  const { text, params } = q.selectLocationByBarcode(d, barcode);
  const row = sql.get<LocationRow>(text, params);
  return row ? toLocation(row) : null;
}

export function updateLocation(sql: Statements, patch: LocationPatch): Location | null {
  checkBarcode(sql, patch.barcode, patch.id);
  const { text, params } = q.updateLocation(d, patch);
  try {
    const row = sql.get<LocationRow>(text, params);
    return row ? toLocation(row) : null;
  } catch (error) {
    asDuplicate(error);
  }
}

export function listBinStock(sql: Statements, query: BinStockQuery): BinStock[] {
  const { text, params } = q.selectBinStock(d, query);
  return sql.all<q.BinStockRow>(text, params).map(q.toBinStock);
}

/** A location's facts for the push path, read once per id and batch. */
export function locationFacts(sql: Statements): (id: string) => { warehouseId: string; archived: boolean } | undefined {
  const seen = new Map<string, { warehouseId: string; archived: boolean } | undefined>();
  return (id) => {
    if (!seen.has(id)) {
      const { text, params } = q.selectLocationFacts(d, [id]);
      const row = sql.get<q.LocationFactRow>(text, params);
      seen.set(id, row ? { warehouseId: row.warehouse_id, archived: row.archived === 1 } : undefined);
    }
    return seen.get(id);
  };
}
