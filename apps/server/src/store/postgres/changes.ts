import { randomUUID } from 'node:crypto';
import { thresholdChange } from '@stockline/domain';
import type { ChangeCollector } from '../core/change-collector';
import type { AlertRow, StockDbRow } from '../core/rows';
import type { Sql, WriteTx } from './db';

export function readStock(sql: Sql, warehouseId: string, productId: string): Promise<StockDbRow | undefined> {
  return sql.one<StockDbRow>('SELECT * FROM stock WHERE warehouse_id = $1 AND product_id = $2', [warehouseId, productId]);
}

/**
 * Raises or resolves the row's alert after a change from `before` to `after` (I6): only the step
 * from not-low to low raises one, and recovery resolves the unresolved one.
 */
export async function crossThreshold(
  tx: WriteTx,
  changes: ChangeCollector,
  before: { qty: number; threshold: number },
  after: StockDbRow,
  movementId: string | null,
  now: string,
): Promise<void> {
  const change = thresholdChange(before, after);
  if (change === 'fell_below') {
    const row = await tx.one<AlertRow>(
      `INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, movement_id, seq)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) RETURNING *`,
      [randomUUID(), after.warehouse_id, after.product_id, after.qty, after.threshold, now, movementId, changes.seq()],
    );
    if (row) changes.addAlert(row);
  } else if (change === 'recovered') {
    const rows = await tx.all<AlertRow>(
      `UPDATE alerts SET status = 'resolved', resolved_at = $1, seq = $2
       WHERE warehouse_id = $3 AND product_id = $4 AND status <> 'resolved' RETURNING *`,
      [now, changes.seq(), after.warehouse_id, after.product_id],
    );
    for (const row of rows) changes.addAlert(row);
  }
}
