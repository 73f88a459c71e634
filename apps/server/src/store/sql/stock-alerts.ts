import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import { alertStep, type AlertStep } from '../core/alert-step';
import { ChangeCollector, type Sequence } from '../core/change-collector';
import { mergeChanges } from '../core/merge-changes';
import type { ChangeSet, Scope, Store } from '../core/port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../core/rows';
import { stockSettingSteps } from '../core/stock-settings';
import { Params, type Dialect, type Query } from './dialect';
import { all, one, type Program } from './program';

/**
 * Stock reads, thresholds and the alert lifecycle, shared by SQLite and PostgreSQL: the
 * statements (also used by each store's push path) and the operations over them.
 */

/**
 * A WHERE clause limiting rows to the caller's scope and to the given column values (an
 * undefined value adds nothing), then `extra` conditions.
 */
function whereOf(p: Params, scope: Scope, equals: Record<string, unknown>, extra: readonly string[] = []): string {
  const where: string[] = [];
  if (!scope.all) where.push(p.inList('warehouse_id', scope.warehouseIds));
  for (const [column, value] of Object.entries(equals)) {
    if (value !== undefined) where.push(`${column} = ${p.add(value)}`);
  }
  where.push(...extra);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

export function selectStock(d: Dialect, warehouseId: string, productId: string): Query {
  return {
    text: `SELECT * FROM stock WHERE warehouse_id = ${d.placeholder(1)} AND product_id = ${d.placeholder(2)}`,
    params: [warehouseId, productId],
  };
}

export function listStock(
  d: Dialect,
  query: { scope: Scope; warehouseId?: string | undefined; productId?: string | undefined; low?: boolean | undefined },
): Query {
  const p = new Params(d);
  // `qty < threshold` matches the partial index stock_low exactly, so the low list never scans every row.
  const filter = whereOf(
    p,
    query.scope,
    { warehouse_id: query.warehouseId, product_id: query.productId },
    query.low ? ['qty < threshold'] : [],
  );
  return { text: `SELECT * FROM stock ${filter} ORDER BY warehouse_id, product_id`, params: p.values };
}

/** Whether both ids name a stored warehouse and product (a row's settings need both). */
export function catalogKnows(d: Dialect, warehouseId: string, productId: string): Query {
  return {
    text: `SELECT (SELECT count(*) FROM warehouses WHERE id = ${d.placeholder(1)}) + (SELECT count(*) FROM products WHERE id = ${d.placeholder(2)}) AS n`,
    params: [warehouseId, productId],
  };
}

/**
 * A threshold or reorder quantity is not a stock change, so `version` stays (counts compare
 * against it); the row still gets a new seq so replicas pull the new setting. A missing row is
 * made with the setting and zero stock.
 */
export function upsertSetting(
  d: Dialect,
  column: 'threshold' | 'reorder_qty',
  input: { warehouseId: string; productId: string; value: number; now: string },
  seq: number,
): Query {
  const p = new Params(d);
  const [w, pr, value, now, s] = [input.warehouseId, input.productId, input.value, input.now, seq].map((v) => p.add(v));
  const values =
    column === 'threshold'
      ? `${w}, ${pr}, 0, ${value}, 0, 0, ${now}, ${s}`
      : `${w}, ${pr}, 0, 0, ${value}, 0, ${now}, ${s}`;
  return {
    text: `INSERT INTO stock (warehouse_id, product_id, qty, threshold, reorder_qty, version, updated_at, seq)
  VALUES (${values})
  ON CONFLICT (warehouse_id, product_id) DO UPDATE
    SET ${column} = excluded.${column}, updated_at = excluded.updated_at, seq = excluded.seq
  RETURNING *`,
    params: p.values,
  };
}

export function listAlerts(
  d: Dialect,
  query: {
    scope: Scope;
    status?: AlertStatus | undefined;
    warehouseId?: string | undefined;
    productId?: string | undefined;
  },
): Query {
  const p = new Params(d);
  const filter = whereOf(p, query.scope, {
    status: query.status,
    warehouse_id: query.warehouseId,
    product_id: query.productId,
  });
  return { text: `SELECT * FROM alerts ${filter} ORDER BY raised_at DESC, seq DESC`, params: p.values };
}

export function selectAlert(d: Dialect, id: string): Query {
  return { text: `SELECT * FROM alerts WHERE id = ${d.placeholder(1)}`, params: [id] };
}

/** Only an open alert is acknowledged; no row comes back when it is no longer open. */
export function acknowledgeAlert(d: Dialect, input: { id: string; userId: string; now: string }, seq: number): Query {
  const p = new Params(d);
  return {
    text: `UPDATE alerts SET status = 'acknowledged', acknowledged_at = ${p.add(input.now)}, acknowledged_by = ${p.add(input.userId)}, seq = ${p.add(seq)}
     WHERE id = ${p.add(input.id)} AND status = 'open' RETURNING *`,
    params: p.values,
  };
}

/** An alert step (core/alert-step.ts) of one row: the raised alert, or the row's unresolved one resolved. */
export function writeAlertStep(
  d: Dialect,
  step: NonNullable<AlertStep>,
  row: { warehouseId: string; productId: string },
  seq: number,
): Query {
  const p = new Params(d);
  if (step.kind === 'resolve') {
    return {
      text: `UPDATE alerts SET status = 'resolved', resolved_at = ${p.add(step.resolvedAt)}, seq = ${p.add(seq)}
       WHERE warehouse_id = ${p.add(row.warehouseId)} AND product_id = ${p.add(row.productId)} AND status <> 'resolved' RETURNING *`,
      params: p.values,
    };
  }
  const a: Alert = step.alert;
  const values = [a.id, a.warehouseId, a.productId, a.qty, a.threshold, a.raisedAt, a.movementId, seq].map((v) =>
    p.add(v),
  );
  return {
    text: `INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, movement_id, seq)
     VALUES (${values.slice(0, 5).join(', ')}, 'open', ${values.slice(5).join(', ')}) RETURNING *`,
    params: p.values,
  };
}

/** Told every stock row a setting wrote (SQLite's read model); PostgreSQL keeps none. */
export type StockWritten = (row: StockDbRow) => void;

/** One row read from the table (SQLite serves it from its read model instead). */
export function* getStock(d: Dialect, warehouseId: string, productId: string): Program<StockRow | null> {
  const row = yield* one<StockDbRow>(selectStock(d, warehouseId, productId));
  return row ? toStock(row) : null;
}

export function* listStockRows(d: Dialect, query: Parameters<typeof listStock>[1]): Program<StockRow[]> {
  return (yield* all<StockDbRow>(listStock(d, query))).map(toStock);
}

export function* listAlertRows(d: Dialect, query: Parameters<typeof listAlerts>[1]): Program<Alert[]> {
  return (yield* all<AlertRow>(listAlerts(d, query))).map(toAlert);
}

export function* getAlert(d: Dialect, id: string): Program<Alert | null> {
  const row = yield* one<AlertRow>(selectAlert(d, id));
  return row ? toAlert(row) : null;
}

function* requireCatalog(d: Dialect, what: string, warehouseId: string, productId: string): Program<void> {
  const known = yield* one<{ n: number | string }>(catalogKnows(d, warehouseId, productId));
  if (Number(known?.n) !== 2) throw new Error(`${what}: unknown warehouse or product`);
}

/** One setting of one row, made with zero stock when the row is missing. */
function* setOne(
  d: Dialect,
  changes: ChangeCollector,
  written: StockWritten,
  column: 'threshold' | 'reorder_qty',
  input: Parameters<typeof upsertSetting>[2],
): Program<{ before: StockDbRow | undefined; row: StockDbRow }> {
  const what = column === 'threshold' ? 'setThreshold' : 'setReorderQty';
  const before = yield* one<StockDbRow>(selectStock(d, input.warehouseId, input.productId));
  if (!before) yield* requireCatalog(d, what, input.warehouseId, input.productId);
  const row = yield* one<StockDbRow>(upsertSetting(d, column, input, changes.seq()));
  if (!row) throw new Error(`${column} upsert returned nothing`);
  written(row);
  changes.addStock(row);
  return { before, row };
}

/** A new threshold raises or resolves the row's alert as a stock change would (core/alert-step.ts). */
export function* setThreshold(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['setThreshold']>[0],
  written: StockWritten = () => undefined,
): Program<{ row: StockRow; changes: ChangeSet }> {
  const changes = new ChangeCollector(seqs);
  const { before, row } = yield* setOne(d, changes, written, 'threshold', { ...input, value: input.threshold });
  const after = toStock(row);
  const step = alertStep({ qty: row.qty, threshold: before?.threshold ?? 0 }, after, null, input.now);
  if (step)
    for (const alert of yield* all<AlertRow>(writeAlertStep(d, step, after, changes.seq()))) changes.addAlert(alert);
  return { row: after, changes: changes.result() };
}

export function* setReorderQty(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['setReorderQty']>[0],
  written: StockWritten = () => undefined,
): Program<{ row: StockRow; changes: ChangeSet }> {
  const changes = new ChangeCollector(seqs);
  const { row } = yield* setOne(d, changes, written, 'reorder_qty', { ...input, value: input.reorderQty });
  return { row: toStock(row), changes: changes.result() };
}

/** Every row's settings in the caller's one transaction (core/stock-settings.ts), their changes merged. */
export function* setStockSettings(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['setStockSettings']>[0],
  written: StockWritten = () => undefined,
): Program<{ changes: ChangeSet }> {
  const sets: ChangeSet[] = [];
  for (const step of stockSettingSteps(input)) {
    const { changes } =
      step.kind === 'threshold'
        ? yield* setThreshold(d, seqs, step.input, written)
        : yield* setReorderQty(d, seqs, step.input, written);
    sets.push(changes);
  }
  return { changes: mergeChanges(sets) };
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export function* acknowledge(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['acknowledgeAlert']>[0],
): Program<{ alert: Alert; changes: ChangeSet } | null> {
  const changes = new ChangeCollector(seqs);
  const current = yield* getAlert(d, input.id);
  if (!current) return null;
  if (current.status !== 'open') return { alert: current, changes: changes.result() };
  // Still open, unless a push resolving it committed since the read where writers do not wait
  // for each other (PostgreSQL); then the resolved alert comes back as it is.
  const row = yield* one<AlertRow>(acknowledgeAlert(d, input, changes.seq()));
  if (!row) {
    const now = yield* getAlert(d, input.id);
    if (!now) throw new Error('alert vanished during its acknowledgement');
    return { alert: now, changes: new ChangeCollector(seqs).result() };
  }
  changes.addAlert(row);
  return { alert: toAlert(row), changes: changes.result() };
}
