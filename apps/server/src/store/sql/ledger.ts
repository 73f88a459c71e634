import type { LedgerRequest } from '../core/port';
import { decodeCursor } from '../core/cursor';
import type { Params } from './dialect';

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
