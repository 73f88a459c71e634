import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import type { ChangeSet, Scope } from '../core/port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from '../core/rows';
import { alertStep } from '../core/alert-step';
import { ChangeCollector } from '../core/change-collector';
import { crossThreshold, readStock } from './changes';
import type { Sql, WriteTx } from './db';

/** Stock reads, thresholds and the alert lifecycle. */

/**
 * A WHERE clause limiting rows to the caller's scope and to the given column values (an
 * undefined value adds nothing), with its positional parameters.
 */
export function whereOf(scope: Scope, equals: Record<string, unknown>, extra: readonly string[] = []): { filter: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!scope.all) {
    params.push(scope.warehouseIds);
    where.push(`warehouse_id = ANY($${params.length}::text[])`);
  }
  for (const [column, value] of Object.entries(equals)) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  where.push(...extra);
  return { filter: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export async function getStock(sql: Sql, warehouseId: string, productId: string): Promise<StockRow | null> {
  const row = await readStock(sql, warehouseId, productId);
  return row ? toStock(row) : null;
}

export async function listStock(
  sql: Sql,
  query: { scope: Scope; warehouseId?: string | undefined; productId?: string | undefined; low?: boolean | undefined },
): Promise<StockRow[]> {
  const { filter, params } = whereOf(query.scope, { warehouse_id: query.warehouseId, product_id: query.productId }, query.low ? ['qty < threshold'] : []);
  return (await sql.all<StockDbRow>(`SELECT * FROM stock ${filter} ORDER BY warehouse_id, product_id`, params)).map(toStock);
}

const UPSERT_THRESHOLD = `
  INSERT INTO stock (warehouse_id, product_id, qty, threshold, version, updated_at, seq)
  VALUES ($1, $2, 0, $3, 0, $4, $5)
  ON CONFLICT (warehouse_id, product_id) DO UPDATE
    SET threshold = excluded.threshold, updated_at = excluded.updated_at, seq = excluded.seq
  RETURNING *`;

/**
 * A threshold change is not a stock change, so `version` stays (counts compare against it); the
 * row still gets a new seq so replicas pull the new threshold.
 */
export async function setThreshold(
  tx: WriteTx,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  const before = await readStock(tx, input.warehouseId, input.productId);
  if (!before) {
    const known = await tx.one<{ n: number }>(
      'SELECT (SELECT count(*) FROM warehouses WHERE id = $1) + (SELECT count(*) FROM products WHERE id = $2) AS n',
      [input.warehouseId, input.productId],
    );
    if (known?.n !== 2) throw new Error('setThreshold: unknown warehouse or product');
  }
  const row = await tx.one<StockDbRow>(UPSERT_THRESHOLD, [input.warehouseId, input.productId, input.threshold, input.now, changes.seq()]);
  if (!row) throw new Error('threshold upsert returned nothing');
  changes.addStock(row);
  await crossThreshold(tx, changes, alertStep({ qty: row.qty, threshold: before?.threshold ?? 0 }, toStock(row), null, input.now), row);
  return { row: toStock(row), changes: changes.result() };
}

export async function listAlerts(
  sql: Sql,
  query: { scope: Scope; status?: AlertStatus | undefined; warehouseId?: string | undefined; productId?: string | undefined },
): Promise<Alert[]> {
  const { filter, params } = whereOf(query.scope, { status: query.status, warehouse_id: query.warehouseId, product_id: query.productId });
  return (await sql.all<AlertRow>(`SELECT * FROM alerts ${filter} ORDER BY raised_at DESC, seq DESC`, params)).map(toAlert);
}

export async function getAlert(sql: Sql, id: string): Promise<Alert | null> {
  const row = await sql.one<AlertRow>('SELECT * FROM alerts WHERE id = $1', [id]);
  return row ? toAlert(row) : null;
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export async function acknowledgeAlert(
  tx: WriteTx,
  input: { id: string; userId: string; now: string },
): Promise<{ alert: Alert; changes: ChangeSet } | null> {
  const changes = new ChangeCollector(tx);
  const current = await tx.one<AlertRow>('SELECT * FROM alerts WHERE id = $1', [input.id]);
  if (!current) return null;
  if (current.status !== 'open') return { alert: toAlert(current), changes: changes.result() };
  // Still open: a push resolving it may have committed since the read (writers do not wait for
  // each other); then the resolved alert comes back as it is.
  const row = await tx.one<AlertRow>(
    `UPDATE alerts SET status = 'acknowledged', acknowledged_at = $1, acknowledged_by = $2, seq = $3
     WHERE id = $4 AND status = 'open' RETURNING *`,
    [input.now, input.userId, changes.seq(), input.id],
  );
  if (!row) {
    const now = await tx.one<AlertRow>('SELECT * FROM alerts WHERE id = $1', [input.id]);
    if (!now) throw new Error('alert vanished during its acknowledgement');
    return { alert: toAlert(now), changes: new ChangeCollector(tx).result() };
  }
  changes.addAlert(row);
  return { alert: toAlert(row), changes: changes.result() };
}
