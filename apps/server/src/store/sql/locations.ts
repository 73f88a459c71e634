import type { BinStockQuery, LocationPatch, NewLocation } from '../core/locations';
import { Params, sqlite, type Dialect, type Query } from './dialect';

/**
 * The SQL of locations (bins) and of the bin quantities kept on stock rows, shared by SQLite and
 * PostgreSQL. A location's code is unique per warehouse regardless of case (index
 * locations_code_nocase), its barcode among locations (a unique column) and, checked by
 * `barcodeTaken` in the writing transaction, among products' barcodes.
 */

export function insertLocation(d: Dialect, input: NewLocation): Query {
  const p = new Params(d);
  const values = [input.id, input.warehouseId, input.code, input.name, input.barcode, input.now].map((v) => p.add(v));
  return {
    text: `INSERT INTO locations (id, warehouse_id, code, name, barcode, archived, updated_at)
      VALUES (${values.slice(0, 5).join(', ')}, 0, ${values[5]}) RETURNING *`,
    params: p.values,
  };
}

/** `n` > 0 when a location of the warehouse has the code (any case). */
export function codeTaken(d: Dialect, warehouseId: string, code: string): Query {
  return {
    text: `SELECT count(*) AS n FROM locations WHERE warehouse_id = ${d.placeholder(1)} AND lower(code) = lower(${d.placeholder(2)})`,
    params: [warehouseId, code],
  };
}

/** `n` > 0 when a product or another location than `exceptId` carries the barcode. */
export function barcodeTaken(d: Dialect, barcode: string, exceptId: string): Query {
  return {
    text: `SELECT (SELECT count(*) FROM products WHERE barcode = ${d.placeholder(1)})
      + (SELECT count(*) FROM locations WHERE barcode = ${d.placeholder(2)} AND id <> ${d.placeholder(3)}) AS n`,
    params: [barcode, barcode, exceptId],
  };
}

export function warehouseExists(d: Dialect, warehouseId: string): Query {
  return { text: `SELECT count(*) AS n FROM warehouses WHERE id = ${d.placeholder(1)}`, params: [warehouseId] };
}

export function selectLocations(d: Dialect, warehouseId: string): Query {
  return {
    text: `SELECT * FROM locations WHERE warehouse_id = ${d.placeholder(1)} ORDER BY lower(code), id`,
    params: [warehouseId],
  };
}

export function selectLocation(d: Dialect, id: string): Query {
  return { text: `SELECT * FROM locations WHERE id = ${d.placeholder(1)}`, params: [id] };
}

export function selectLocationByBarcode(d: Dialect, barcode: string): Query {
  return { text: `SELECT * FROM locations WHERE barcode = ${d.placeholder(1)}`, params: [barcode] };
}

/** The locations among `ids`, for a pushed batch's facts. */
export function selectLocationFacts(d: Dialect, ids: readonly string[]): Query {
  const p = new Params(d);
  return {
    text: `SELECT id, warehouse_id, archived FROM locations WHERE ${p.inList('id', ids)}`,
    params: p.values,
  };
}

export function updateLocation(d: Dialect, patch: LocationPatch): Query {
  const p = new Params(d);
  const name = p.add(patch.name ?? null);
  const setBarcode = p.add(patch.barcode === undefined ? 0 : 1);
  const barcode = p.add(patch.barcode ?? null);
  const archived = p.add(patch.archived === undefined ? null : patch.archived ? 1 : 0);
  const now = p.add(patch.now);
  const id = p.add(patch.id);
  return {
    text: `UPDATE locations SET name = coalesce(${name}, name),
      barcode = CASE WHEN ${setBarcode} = 1 THEN ${barcode} ELSE barcode END,
      archived = coalesce(${archived}, archived), updated_at = ${now}
      WHERE id = ${id} RETURNING *`,
    params: p.values,
  };
}

/**
 * Bin quantities from the stock rows' `bins` JSON, one row per (product, bin) holding some: the
 * warehouse's rows are read through stock_by_warehouse_seq, so a bin's list costs a read of its
 * warehouse's binned rows.
 */
export function selectBinStock(d: Dialect, query: BinStockQuery): Query {
  const p = new Params(d);
  const entries = d === sqlite ? 'json_each(s.bins)' : 'json_each_text(s.bins::json)';
  const where = [`s.bins IS NOT NULL`, `s.warehouse_id = ${p.add(query.warehouseId)}`];
  if (query.productId !== undefined) where.push(`s.product_id = ${p.add(query.productId)}`);
  if (query.locationId !== undefined) where.push(`b.key = ${p.add(query.locationId)}`);
  return {
    text: `SELECT s.warehouse_id, b.key AS location_id, s.product_id, CAST(b.value AS INTEGER) AS qty, s.version, s.updated_at
      FROM stock s, ${entries} AS b WHERE ${where.join(' AND ')} ORDER BY s.product_id, b.key`,
    params: p.values,
  };
}

/** A row of selectBinStock. */
export interface BinStockRow {
  warehouse_id: string;
  location_id: string;
  product_id: string;
  qty: number | string;
  version: number | string;
  updated_at: string | null;
}

export function toBinStock(row: BinStockRow) {
  return {
    warehouseId: row.warehouse_id,
    locationId: row.location_id,
    productId: row.product_id,
    qty: Number(row.qty),
    version: Number(row.version),
    updatedAt: row.updated_at,
  };
}

/** A locations row as selectLocationFacts reads it. */
export interface LocationFactRow {
  id: string;
  warehouse_id: string;
  archived: number;
}
