import type { RecordedMovement } from '@stockline/protocol';
import { decodeCursor, encodeCursor } from '../cursor';
import type { LedgerRequest } from '../port';
import { toMovement, type MovementRow } from './rows';
import { inJsonList, type Statements } from './statements';

/**
 * The movement ledger, newest first. A transfer belongs to both its warehouses, so a warehouse
 * filter or scope matches either leg. Rejected movements are listed too, with their verdict.
 */
export function listMovements(sql: Statements, request: LedgerRequest): { items: RecordedMovement[]; nextCursor: string | null } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: request.limit + 1 };
  if (request.cursor !== undefined) {
    where.push('seq < @before');
    params.before = decodeCursor(request.cursor);
  }
  if (!request.scope.all) {
    where.push(`(${inJsonList('warehouse_id', 'scope')} OR ${inJsonList('to_warehouse_id', 'scope')})`);
    params.scope = JSON.stringify(request.scope.warehouseIds);
  }
  if (request.warehouseId !== undefined) {
    where.push('(warehouse_id = @warehouseId OR to_warehouse_id = @warehouseId)');
    params.warehouseId = request.warehouseId;
  }
  if (request.productId !== undefined) {
    where.push('product_id = @productId');
    params.productId = request.productId;
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = sql.all<MovementRow>(
    `SELECT id, body, user_id, verdict, recorded_at, seq FROM movements ${filter} ORDER BY seq DESC LIMIT @limit`,
    params,
  );
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return { items: page.map(toMovement), nextCursor: rows.length > request.limit && last ? encodeCursor(last.seq) : null };
}
