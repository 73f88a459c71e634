import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import type { ChangeSet, Scope } from '../core/port';
import { alertStep } from '../core/alert-step';
import { ChangeCollector } from '../core/change-collector';
import { crossThreshold, readStock } from './apply';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../core/rows';
import { whereOf, type Statements } from './statements';
import type { StockRows } from './stock-rows';

/** Stock reads, thresholds and the alert lifecycle. */

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

export function listStock(
  sql: Statements,
  query: { scope: Scope; warehouseId?: string | undefined; productId?: string | undefined; low?: boolean | undefined },
): StockRow[] {
  // `qty < threshold` matches the partial index stock_low exactly, so the low list never scans every row.
  const { filter, params } = whereOf(query.scope, { warehouse_id: query.warehouseId, product_id: query.productId }, query.low ? ['qty < threshold'] : []);
  return sql.all<StockDbRow>(`SELECT * FROM stock ${filter} ORDER BY warehouse_id, product_id`, params).map(toStock);
}

const UPSERT_THRESHOLD = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
  VALUES (@warehouseId, @productId, 0, @threshold, 0, @now, @seq)
  ON CONFLICT (warehouse_id, product_id) DO UPDATE
    SET threshold = excluded.threshold, updated_at = excluded.updated_at, seq = excluded.seq
  RETURNING *`;

/**
 * A threshold change is not a stock change, so `version` stays (counts compare against it); the
 * row still gets a new seq so replicas pull the new threshold.
 */
export function setThreshold(
  sql: Statements,
  rows: StockRows,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): { row: StockRow; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  const before = readStock(sql, input.warehouseId, input.productId);
  if (!before) {
    const known =
      sql.get('SELECT 1 AS found FROM warehouses WHERE id = ?', [input.warehouseId]) &&
      sql.get('SELECT 1 AS found FROM products WHERE id = ?', [input.productId]);
    if (!known) throw new Error('setThreshold: unknown warehouse or product');
  }
  const row = sql.get<StockDbRow>(UPSERT_THRESHOLD, { ...input, seq: changes.seq() });
  if (!row) throw new Error('threshold upsert returned nothing');
  rows.wrote(row);
  changes.addStock(row);
  crossThreshold(sql, changes, alertStep({ qty: row.qty, threshold: before?.threshold ?? 0 }, toStock(row), null, input.now), row);
  return { row: toStock(row), changes: changes.result() };
}

const UPSERT_REORDER = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, reorder_qty, version, updated_at, seq)
  VALUES (@warehouseId, @productId, 0, 0, @reorderQty, 0, @now, @seq)
  ON CONFLICT (warehouse_id, product_id) DO UPDATE
    SET reorder_qty = excluded.reorder_qty, updated_at = excluded.updated_at, seq = excluded.seq
  RETURNING *`;

/** Like a threshold, a reorder quantity is not a stock change: `version` stays. */
export function setReorderQty(
  sql: Statements,
  rows: StockRows,
  input: { warehouseId: string; productId: string; reorderQty: number; now: string },
): { row: StockRow; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  if (!readStock(sql, input.warehouseId, input.productId)) {
    const known =
      sql.get('SELECT 1 AS found FROM warehouses WHERE id = ?', [input.warehouseId]) &&
      sql.get('SELECT 1 AS found FROM products WHERE id = ?', [input.productId]);
    if (!known) throw new Error('setReorderQty: unknown warehouse or product');
  }
  const row = sql.get<StockDbRow>(UPSERT_REORDER, { ...input, seq: changes.seq() });
  if (!row) throw new Error('reorder upsert returned nothing');
  rows.wrote(row);
  changes.addStock(row);
  return { row: toStock(row), changes: changes.result() };
}

export function listAlerts(
  sql: Statements,
  query: { scope: Scope; status?: AlertStatus | undefined; warehouseId?: string | undefined; productId?: string | undefined },
): Alert[] {
  const { filter, params } = whereOf(query.scope, { status: query.status, warehouse_id: query.warehouseId, product_id: query.productId });
  return sql.all<AlertRow>(`SELECT * FROM alerts ${filter} ORDER BY raised_at DESC, seq DESC`, params).map(toAlert);
}

export function getAlert(sql: Statements, id: string): Alert | null {
  const row = sql.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', [id]);
  return row ? toAlert(row) : null;
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export function acknowledgeAlert(
  sql: Statements,
  input: { id: string; userId: string; now: string },
): { alert: Alert; changes: ChangeSet } | null {
  const changes = new ChangeCollector(sql);
  const current = sql.get<AlertRow>('SELECT * FROM alerts WHERE id = ?', [input.id]);
  if (!current) return null;
  if (current.status !== 'open') return { alert: toAlert(current), changes: changes.result() };
  const row = sql.get<AlertRow>(
    `UPDATE alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, seq = ?
     WHERE id = ? RETURNING *`,
    [input.now, input.userId, changes.seq(), input.id],
  );
  if (!row) throw new Error('alert update returned nothing');
  changes.addAlert(row);
  return { alert: toAlert(row), changes: changes.result() };
}
