import type { AlertStep } from '../core/alert-step';
import type { ChangeCollector } from '../core/change-collector';
import type { AlertRow, StockDbRow } from '../core/rows';
import type { Sql, WriteTx } from './db';

export function readStock(sql: Sql, warehouseId: string, productId: string): Promise<StockDbRow | undefined> {
  return sql.one<StockDbRow>('SELECT * FROM stock WHERE warehouse_id = $1 AND product_id = $2', [warehouseId, productId]);
}

/** Writes the row's alert step (alert-step.ts): the raised alert, or the row's unresolved one resolved. */
export async function crossThreshold(tx: WriteTx, changes: ChangeCollector, step: AlertStep, after: StockDbRow): Promise<void> {
  if (step?.kind === 'raise') {
    const a = step.alert;
    const row = await tx.one<AlertRow>(
      `INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, movement_id, seq)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) RETURNING *`,
      [a.id, a.warehouseId, a.productId, a.qty, a.threshold, a.raisedAt, a.movementId, changes.seq()],
    );
    if (row) changes.addAlert(row);
  } else if (step?.kind === 'resolve') {
    const rows = await tx.all<AlertRow>(
      `UPDATE alerts SET status = 'resolved', resolved_at = $1, seq = $2
       WHERE warehouse_id = $3 AND product_id = $4 AND status <> 'resolved' RETURNING *`,
      [step.resolvedAt, changes.seq(), after.warehouse_id, after.product_id],
    );
    for (const row of rows) changes.addAlert(row);
  }
}
