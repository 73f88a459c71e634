import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import { alertStep } from '../core/alert-step';
import { ChangeCollector } from '../core/change-collector';
import type { ChangeSet, Scope } from '../core/port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../core/rows';
import { sqlite as d } from '../sql/dialect';
import * as q from '../sql/stock-alerts';
import { readStock, writeAlertStep } from './apply';
import type { Statements } from './statements';
import type { StockRows } from './stock-rows';

/** Stock reads, thresholds and the alert lifecycle: the SQL of sql/stock-alerts.ts, run through better-sqlite3. */

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

export function listStock(sql: Statements, query: Parameters<typeof q.listStock>[1]): StockRow[] {
  const { text, params } = q.listStock(d, query);
  return sql.all<StockDbRow>(text, params).map(toStock);
}

function requireCatalog(sql: Statements, what: string, warehouseId: string, productId: string): void {
  const { text, params } = q.catalogKnows(d, warehouseId, productId);
  if (sql.get<{ n: number }>(text, params)?.n !== 2) throw new Error(`${what}: unknown warehouse or product`);
}

/** One setting of one row; the read model gets the row the upsert returned. */
function upsertSetting(
  sql: Statements,
  rows: StockRows,
  changes: ChangeCollector,
  column: 'threshold' | 'reorder_qty',
  input: Parameters<typeof q.upsertSetting>[2],
): StockDbRow {
  const { text, params } = q.upsertSetting(d, column, input, changes.seq());
  const row = sql.get<StockDbRow>(text, params);
  if (!row) throw new Error(`${column} upsert returned nothing`);
  rows.wrote(row);
  changes.addStock(row);
  return row;
}

export function setThreshold(
  sql: Statements,
  rows: StockRows,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): { row: StockRow; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  const before = readStock(sql, input.warehouseId, input.productId);
  if (!before) requireCatalog(sql, 'setThreshold', input.warehouseId, input.productId);
  const row = upsertSetting(sql, rows, changes, 'threshold', { ...input, value: input.threshold });
  const after = toStock(row);
  const step = alertStep({ qty: row.qty, threshold: before?.threshold ?? 0 }, after, null, input.now);
  if (step) for (const alert of writeAlertStep(sql, step, after, changes.seq())) changes.addAlert(alert);
  return { row: after, changes: changes.result() };
}

export function setReorderQty(
  sql: Statements,
  rows: StockRows,
  input: { warehouseId: string; productId: string; reorderQty: number; now: string },
): { row: StockRow; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  if (!readStock(sql, input.warehouseId, input.productId))
    requireCatalog(sql, 'setReorderQty', input.warehouseId, input.productId);
  const row = upsertSetting(sql, rows, changes, 'reorder_qty', { ...input, value: input.reorderQty });
  return { row: toStock(row), changes: changes.result() };
}

export function listAlerts(
  sql: Statements,
  query: {
    scope: Scope;
    status?: AlertStatus | undefined;
    warehouseId?: string | undefined;
    productId?: string | undefined;
  },
): Alert[] {
  const { text, params } = q.listAlerts(d, query);
  return sql.all<AlertRow>(text, params).map(toAlert);
}

export function getAlert(sql: Statements, id: string): Alert | null {
  const { text, params } = q.selectAlert(d, id);
  const row = sql.get<AlertRow>(text, params);
  return row ? toAlert(row) : null;
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export function acknowledgeAlert(
  sql: Statements,
  input: { id: string; userId: string; now: string },
): { alert: Alert; changes: ChangeSet } | null {
  const changes = new ChangeCollector(sql);
  const current = getAlert(sql, input.id);
  if (!current) return null;
  if (current.status !== 'open') return { alert: current, changes: changes.result() };
  // One writer at a time: the alert read just now is still open.
  const { text, params } = q.acknowledgeAlert(d, input, changes.seq());
  const row = sql.get<AlertRow>(text, params);
  if (!row) throw new Error('alert update returned nothing');
  changes.addAlert(row);
  return { alert: toAlert(row), changes: changes.result() };
}
