import type { RecordedMovement } from '@stockline/protocol';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { LedgerRequest } from '../core/port';
import { toMovement, type MovementRow } from '../core/rows';
import { inJsonList, type Statements } from './statements';
import { pageOf } from '../core/page';

const COLUMNS = 'id, body, user_id, verdict, recorded_at, seq';

/**
 * The movement ledger, newest first. A transfer belongs to both its warehouses, so a warehouse
 * filter or scope matches either leg. Rejected movements are listed too, with their verdict.
 *
 * "Either leg" is an OR over two columns, which SQLite can only answer by collecting every
 * match and sorting it. So when warehouses are named (a filter, or a caller's scope) each one is
 * read as two index-ordered slices (as source, as destination) of at most a page each, and the
 * slices are merged here: a page costs O(warehouses x page), not O(ledger).
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
  if (request.userId !== undefined) {
    where.push('user_id = @userId');
    params.userId = request.userId;
  }
  if (request.deviceId !== undefined) {
    where.push('device_id = @deviceId');
    params.deviceId = request.deviceId;
  }
  if (request.type !== undefined) {
    where.push("json_extract(body, '$.type') = @type");
    params.type = request.type;
  }
  if (request.status !== undefined) {
    where.push('status = @status');
    params.status = request.status;
  }
  if (request.from !== undefined) {
    where.push('recorded_at >= @from');
    params.from = request.from;
  }
  if (request.to !== undefined) {
    where.push('recorded_at < @to');
    params.to = request.to;
  }
  const targets = request.warehouseId !== undefined ? [request.warehouseId] : request.scope.all ? null : request.scope.warehouseIds;

  let rows: MovementRow[];
  if (!targets) {
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    rows = sql.all<MovementRow>(`SELECT ${COLUMNS} FROM movements ${filter} ORDER BY seq DESC LIMIT @limit`, params);
  } else {
    const bySeq = new Map<number, MovementRow>();
    for (const column of ['warehouse_id', 'to_warehouse_id']) {
      const text = `SELECT ${COLUMNS} FROM movements WHERE ${[`${column} = @target`, ...where].join(' AND ')} ORDER BY seq DESC LIMIT @limit`;
      for (const target of new Set(targets)) {
        for (const row of sql.all<MovementRow>(text, { ...params, target })) bySeq.set(row.seq, row);
      }
    }
    rows = [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, request.limit + 1);
  }
  return pageOf(rows, request.limit, toMovement, (last) => encodeCursor(last.seq));
}
