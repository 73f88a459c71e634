import type { Alert, AlertStatus } from '@stockline/protocol';
import type { AlertStep } from '../core/alert-step';
import type { Scope } from '../core/port';
import { Params, type Dialect, type Query } from './dialect';

/** The SQL of stock reads, thresholds and the alert lifecycle, shared by SQLite and PostgreSQL. */

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
