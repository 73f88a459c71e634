import type { StockRow } from '@stockline/protocol';
import { toStock, type StockDbRow } from '../core/rows';
import { readStock } from './apply';
import type { Statements } from './statements';
import type { StockRows } from './stock-rows';

/**
 * Documents of rows the read model holds, made once per row version: the model replaces a row
 * object on every write, so an entry can never describe an older row, and goes when the row does.
 */
const documents = new WeakMap<StockDbRow, StockRow>();

/** One row, from the read model when it holds it (see stock-rows.ts); frozen, callers share it. */
export function getStock(sql: Statements, rows: StockRows, warehouseId: string, productId: string): StockRow | null {
  const row = rows.read(warehouseId, productId, () => readStock(sql, warehouseId, productId));
  if (!row) return null;
  let document = documents.get(row);
  if (!document) {
    document = Object.freeze(toStock(row));
    documents.set(row, document);
  }
  return document;
}
