import type { LocationFacts } from '@stockline/domain';
import type { Location } from '@stockline/protocol';
import type { Sequence } from '../core/change-collector';
import {
  locationChanges,
  toLocation,
  UnknownWarehouseError,
  type LocationWrite,
  type BinStock,
  type BinStockQuery,
  type LocationPatch,
  type LocationRow,
  type NewLocation,
} from '../core/locations';
import { DuplicateKeyError } from '../core/port';
import { sqlite, statement, type Dialect } from './dialect';
import { all, one, type Program } from './program';

/**
 * Locations (bins) and the bin quantities kept on stock rows, written once for SQLite and
 * PostgreSQL. A location's code is unique per warehouse regardless of case (index
 * locations_code_nocase), its barcode among locations (a unique column) and, checked in the
 * writing transaction, among every code a product carries (product_codes: barcodes and packs).
 */

function* count(d: Dialect, build: Parameters<typeof statement>[1]): Program<number> {
  return Number((yield* one<{ n: number | string }>(statement(d, build)))?.n ?? 0);
}

function* checkBarcode(d: Dialect, barcode: string | null | undefined, ownId: string): Program<void> {
  if (!barcode) return;
  const taken = yield* count(
    d,
    (p) =>
      `SELECT (SELECT count(*) FROM product_codes WHERE code = ${p.add(barcode)})
        + (SELECT count(*) FROM locations WHERE barcode = ${p.add(barcode)} AND id <> ${p.add(ownId)}) AS n`,
  );
  if (taken > 0) throw new DuplicateKeyError('barcode');
}

/** A unique index's clash that got past the checks (two writers at once): the barcode's, else the code's. */
function asDuplicate(d: Dialect, error: unknown): never {
  const key = d.duplicateKey(error);
  if (key === undefined) throw error;
  throw new DuplicateKeyError(key === 'barcode' ? 'barcode' : 'code');
}

/** Takes its seq from `seqs` inside the write, so devices pull the new location by it. */
export function* createLocation(d: Dialect, seqs: Sequence, input: NewLocation): Program<LocationWrite> {
  if ((yield* count(d, (p) => `SELECT count(*) AS n FROM warehouses WHERE id = ${p.add(input.warehouseId)}`)) === 0)
    throw new UnknownWarehouseError();
  const codeTaken = yield* count(
    d,
    (p) =>
      `SELECT count(*) AS n FROM locations WHERE warehouse_id = ${p.add(input.warehouseId)} AND lower(code) = lower(${p.add(input.code)})`,
  );
  if (codeTaken > 0) throw new DuplicateKeyError('code');
  yield* checkBarcode(d, input.barcode, input.id);
  const seq = seqs.nextSeq();
  let row: LocationRow | undefined;
  try {
    row = yield* one<LocationRow>(
      statement(d, (p) => {
        const values = [input.id, input.warehouseId, input.code, input.name, input.barcode].map((v) => p.add(v));
        return `INSERT INTO locations (id, warehouse_id, code, name, barcode, archived, updated_at, seq)
          VALUES (${values.join(', ')}, 0, ${p.add(input.now)}, ${p.add(seq)}) RETURNING *`;
      }),
    );
  } catch (error) {
    asDuplicate(d, error);
  }
  if (!row) throw new Error('location insert returned nothing');
  const location = toLocation(row);
  return { location, changes: locationChanges(location, seq) };
}

/** A warehouse's locations by code regardless of case, archived ones included. */
export function* listLocations(d: Dialect, warehouseId: string): Program<Location[]> {
  const rows = yield* all<LocationRow>(
    statement(d, (p) => `SELECT * FROM locations WHERE warehouse_id = ${p.add(warehouseId)} ORDER BY lower(code), id`),
  );
  return rows.map(toLocation);
}

export function* getLocation(d: Dialect, id: string): Program<Location | null> {
  const row = yield* one<LocationRow>(statement(d, (p) => `SELECT * FROM locations WHERE id = ${p.add(id)}`));
  return row ? toLocation(row) : null;
}

export function* findLocationByBarcode(d: Dialect, barcode: string): Program<Location | null> {
  const row = yield* one<LocationRow>(statement(d, (p) => `SELECT * FROM locations WHERE barcode = ${p.add(barcode)}`));
  return row ? toLocation(row) : null;
}

/** Runs inside the store's write transaction, taking a new seq; null when there is no such location. */
export function* updateLocation(d: Dialect, seqs: Sequence, patch: LocationPatch): Program<LocationWrite | null> {
  yield* checkBarcode(d, patch.barcode, patch.id);
  if (!(yield* one(statement(d, (p) => `SELECT 1 AS found FROM locations WHERE id = ${p.add(patch.id)}`)))) return null;
  const seq = seqs.nextSeq();
  let row: LocationRow | undefined;
  try {
    row = yield* one<LocationRow>(
      statement(
        d,
        (p) =>
          `UPDATE locations SET name = coalesce(${p.add(patch.name ?? null)}, name),
            barcode = CASE WHEN ${p.add(patch.barcode === undefined ? 0 : 1)} = 1 THEN ${p.add(patch.barcode ?? null)} ELSE barcode END,
            archived = coalesce(${p.add(patch.archived === undefined ? null : patch.archived ? 1 : 0)}, archived),
            updated_at = ${p.add(patch.now)}, seq = ${p.add(seq)}
          WHERE id = ${p.add(patch.id)} RETURNING *`,
      ),
    );
  } catch (error) {
    asDuplicate(d, error);
  }
  if (!row) throw new Error('location update returned nothing');
  const location = toLocation(row);
  return { location, changes: locationChanges(location, seq) };
}

interface BinStockRow {
  warehouse_id: string;
  location_id: string;
  product_id: string;
  qty: number | string;
  version: number | string;
  updated_at: string | null;
}

/**
 * Bin quantities from the stock rows' `bins` JSON, one row per (product, bin) holding some; the
 * warehouse's rows are found through stock_by_warehouse_seq.
 */
export function* listBinStock(d: Dialect, query: BinStockQuery): Program<BinStock[]> {
  const entries = d === sqlite ? 'json_each(s.bins)' : 'json_each_text(s.bins::json)';
  const rows = yield* all<BinStockRow>(
    statement(d, (p) => {
      const where = [`s.bins IS NOT NULL`, `s.warehouse_id = ${p.add(query.warehouseId)}`];
      if (query.productId !== undefined) where.push(`s.product_id = ${p.add(query.productId)}`);
      if (query.locationId !== undefined) where.push(`b.key = ${p.add(query.locationId)}`);
      return `SELECT s.warehouse_id, b.key AS location_id, s.product_id, CAST(b.value AS INTEGER) AS qty, s.version, s.updated_at
        FROM stock s, ${entries} AS b WHERE ${where.join(' AND ')} ORDER BY s.product_id, b.key`;
    }),
  );
  return rows.map((row) => ({
    warehouseId: row.warehouse_id,
    locationId: row.location_id,
    productId: row.product_id,
    qty: Number(row.qty),
    version: Number(row.version),
    updatedAt: row.updated_at,
  }));
}

/** The locations among `ids` as a pushed batch's facts read them. */
export function* locationFacts(d: Dialect, ids: readonly string[]): Program<Map<string, LocationFacts>> {
  if (ids.length === 0) return new Map();
  const rows = yield* all<{ id: string; warehouse_id: string; archived: number }>(
    statement(d, (p) => `SELECT id, warehouse_id, archived FROM locations WHERE ${p.inList('id', ids)}`),
  );
  return new Map(rows.map((r) => [r.id, { warehouseId: r.warehouse_id, archived: r.archived === 1 }]));
}
