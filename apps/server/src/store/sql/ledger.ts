import type { RecordedMovement } from '@stockline/protocol';
import type { LedgerRequest } from '../core/port';
import { decodeCursor, encodeCursor } from '../core/cursor';
import { pageOf } from '../core/page';
import { toMovement, type MovementRow } from '../core/rows';
import { statement, type Dialect, type Params, type Query } from './dialect';
import { all, type Program } from './program';

/** The movement ledger's SQL, shared by SQLite and PostgreSQL: newest first, rejected movements included. */

export const LEDGER_COLUMNS = 'id, body, user_id, verdict, recorded_at, seq';

/**
 * The ledger's conditions, each binding its value: the cursor, the caller's scope and the
 * warehouse filter (a transfer belongs to both its warehouses, so either leg matches), product,
 * user, device, type, status and time range.
 */
export function ledgerFilters(p: Params, request: LedgerRequest): string[] {
  const where: string[] = [];
  if (request.cursor !== undefined) where.push(`seq < ${p.add(decodeCursor(request.cursor))}`);
  if (!request.scope.all)
    where.push(
      `(${p.inList('warehouse_id', request.scope.warehouseIds)} OR ${p.inList('to_warehouse_id', request.scope.warehouseIds)})`,
    );
  if (request.warehouseId !== undefined)
    where.push(`(warehouse_id = ${p.add(request.warehouseId)} OR to_warehouse_id = ${p.add(request.warehouseId)})`);
  if (request.productId !== undefined) where.push(`product_id = ${p.add(request.productId)}`);
  if (request.userId !== undefined) where.push(`user_id = ${p.add(request.userId)}`);
  if (request.deviceId !== undefined) where.push(`device_id = ${p.add(request.deviceId)}`);
  if (request.type !== undefined) where.push(`${p.dialect.jsonText('body', 'type')} = ${p.add(request.type)}`);
  if (request.status !== undefined) where.push(`status = ${p.add(request.status)}`);
  if (request.from !== undefined) where.push(`recorded_at >= ${p.add(request.from)}`);
  if (request.to !== undefined) where.push(`recorded_at < ${p.add(request.to)}`);
  return where;
}

/** At most a page and one more row of the ledger, newest first; `first` binds conditions ahead of the filters. */
export function ledgerSlice(d: Dialect, request: LedgerRequest, first: (p: Params) => string[] = () => []): Query {
  return statement(d, (p) => {
    const where = [...first(p), ...ledgerFilters(p, request)];
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return `SELECT ${LEDGER_COLUMNS} FROM movements ${filter} ORDER BY seq DESC LIMIT ${p.add(request.limit + 1)}`;
  });
}

/** Ledger rows (a page and one more, newest first) as a page with its cursor. */
export function ledgerPage(
  rows: MovementRow[],
  limit: number,
): { items: RecordedMovement[]; nextCursor: string | null } {
  return pageOf(rows, limit, toMovement, (last) => encodeCursor(last.seq));
}

/** A page of the ledger in one statement. */
export function* listMovements(
  d: Dialect,
  request: LedgerRequest,
): Program<{ items: RecordedMovement[]; nextCursor: string | null }> {
  return ledgerPage(yield* all<MovementRow>(ledgerSlice(d, request)), request.limit);
}
