import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import { alertStep } from '../core/alert-step';
import { ChangeCollector } from '../core/change-collector';
import type { ChangeSet, Scope } from '../core/port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../core/rows';
import { postgres as d } from '../sql/dialect';
import * as q from '../sql/stock-alerts';
import type { Sql, WriteTx } from './db';

/** Stock reads, thresholds and the alert lifecycle: the SQL of sql/stock-alerts.ts, run through node-postgres. */

export function readStock(sql: Sql, warehouseId: string, productId: string): Promise<StockDbRow | undefined> {
  const { text, params } = q.selectStock(d, warehouseId, productId);
  return sql.one<StockDbRow>(text, params);
}

export async function getStock(sql: Sql, warehouseId: string, productId: string): Promise<StockRow | null> {
  const row = await readStock(sql, warehouseId, productId);
  return row ? toStock(row) : null;
}

export async function listStock(sql: Sql, query: Parameters<typeof q.listStock>[1]): Promise<StockRow[]> {
  const { text, params } = q.listStock(d, query);
  return (await sql.all<StockDbRow>(text, params)).map(toStock);
}

async function requireCatalog(tx: WriteTx, what: string, warehouseId: string, productId: string): Promise<void> {
  const { text, params } = q.catalogKnows(d, warehouseId, productId);
  const known = await tx.one<{ n: number | string }>(text, params);
  if (Number(known?.n) !== 2) throw new Error(`${what}: unknown warehouse or product`);
}

export async function setThreshold(
  tx: WriteTx,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  const before = await readStock(tx, input.warehouseId, input.productId);
  if (!before) await requireCatalog(tx, 'setThreshold', input.warehouseId, input.productId);
  const upsert = q.upsertSetting(d, 'threshold', { ...input, value: input.threshold }, changes.seq());
  const row = await tx.one<StockDbRow>(upsert.text, upsert.params);
  if (!row) throw new Error('threshold upsert returned nothing');
  changes.addStock(row);
  const after = toStock(row);
  const step = alertStep({ qty: row.qty, threshold: before?.threshold ?? 0 }, after, null, input.now);
  if (step) {
    const write = q.writeAlertStep(d, step, after, changes.seq());
    for (const alert of await tx.all<AlertRow>(write.text, write.params)) changes.addAlert(alert);
  }
  return { row: after, changes: changes.result() };
}

export async function setReorderQty(
  tx: WriteTx,
  input: { warehouseId: string; productId: string; reorderQty: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  if (!(await readStock(tx, input.warehouseId, input.productId)))
    await requireCatalog(tx, 'setReorderQty', input.warehouseId, input.productId);
  const upsert = q.upsertSetting(d, 'reorder_qty', { ...input, value: input.reorderQty }, changes.seq());
  const row = await tx.one<StockDbRow>(upsert.text, upsert.params);
  if (!row) throw new Error('reorder upsert returned nothing');
  changes.addStock(row);
  return { row: toStock(row), changes: changes.result() };
}

export async function listAlerts(
  sql: Sql,
  query: {
    scope: Scope;
    status?: AlertStatus | undefined;
    warehouseId?: string | undefined;
    productId?: string | undefined;
  },
): Promise<Alert[]> {
  const { text, params } = q.listAlerts(d, query);
  return (await sql.all<AlertRow>(text, params)).map(toAlert);
}

export async function getAlert(sql: Sql, id: string): Promise<Alert | null> {
  const { text, params } = q.selectAlert(d, id);
  const row = await sql.one<AlertRow>(text, params);
  return row ? toAlert(row) : null;
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export async function acknowledgeAlert(
  tx: WriteTx,
  input: { id: string; userId: string; now: string },
): Promise<{ alert: Alert; changes: ChangeSet } | null> {
  const changes = new ChangeCollector(tx);
  const current = await getAlert(tx, input.id);
  if (!current) return null;
  if (current.status !== 'open') return { alert: current, changes: changes.result() };
  // Still open: a push resolving it may have committed since the read (writers do not wait for
  // each other); then the resolved alert comes back as it is.
  const update = q.acknowledgeAlert(d, input, changes.seq());
  const row = await tx.one<AlertRow>(update.text, update.params);
  if (!row) {
    const now = await getAlert(tx, input.id);
    if (!now) throw new Error('alert vanished during its acknowledgement');
    return { alert: now, changes: new ChangeCollector(tx).result() };
  }
  changes.addAlert(row);
  return { alert: toAlert(row), changes: changes.result() };
}
