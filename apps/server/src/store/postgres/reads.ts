import type { RecordedMovement, SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { LedgerRequest, PullPage, PullRequestFor } from '../core/port';
import { toAlert, toMovement, toProduct, toStock, toWarehouse, type MovementRow } from '../core/rows';
import type { Database } from './db';
import { HORIZON_SQL } from './positions';
import { pageOf } from '../core/page';

const MOVEMENT_COLUMNS = 'id, body, user_id, verdict, recorded_at, seq';

/**
 * The movement ledger, newest first. A transfer belongs to both its warehouses, so a warehouse
 * filter or scope matches either leg. Rejected movements are listed too, with their verdict.
 */
export async function listMovements(db: Database, request: LedgerRequest): Promise<{ items: RecordedMovement[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [request.limit + 1];
  const add = (value: unknown) => `$${params.push(value)}`;
  if (request.cursor !== undefined) where.push(`seq < ${add(decodeCursor(request.cursor))}`);
  if (!request.scope.all) {
    const scope = add(request.scope.warehouseIds);
    where.push(`(warehouse_id = ANY(${scope}::text[]) OR to_warehouse_id = ANY(${scope}::text[]))`);
  }
  if (request.warehouseId !== undefined) {
    const w = add(request.warehouseId);
    where.push(`(warehouse_id = ${w} OR to_warehouse_id = ${w})`);
  }
  if (request.productId !== undefined) where.push(`product_id = ${add(request.productId)}`);
  if (request.userId !== undefined) where.push(`user_id = ${add(request.userId)}`);
  if (request.deviceId !== undefined) where.push(`device_id = ${add(request.deviceId)}`);
  if (request.type !== undefined) where.push(`(body::json ->> 'type') = ${add(request.type)}`);
  if (request.status !== undefined) where.push(`status = ${add(request.status)}`);
  if (request.from !== undefined) where.push(`recorded_at >= ${add(request.from)}`);
  if (request.to !== undefined) where.push(`recorded_at < ${add(request.to)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const rows = await db.all<MovementRow>(`SELECT ${MOVEMENT_COLUMNS} FROM movements ${filter} ORDER BY seq DESC LIMIT $1`, params);
  return pageOf(rows, request.limit, toMovement, (last) => encodeCursor(last.seq));
}

interface Source {
  table: string;
  columns: string;
  /** A WHERE fragment limiting rows to the caller's scope, given the scope's parameter. */
  scoped: ((param: string) => string) | null;
  map: (row: never) => unknown;
}

const SOURCES: Record<SyncCollection, Source> = {
  products: { table: 'products', columns: '*', scoped: null, map: toProduct },
  warehouses: { table: 'warehouses', columns: '*', scoped: null, map: toWarehouse },
  stock: { table: 'stock', columns: '*', scoped: (p) => `warehouse_id = ANY(${p}::text[])`, map: toStock },
  alerts: { table: 'alerts', columns: '*', scoped: (p) => `warehouse_id = ANY(${p}::text[])`, map: toAlert },
  // A device's own movements, not limited by scope (see sqlite/pull.ts).
  movements: { table: 'movements', columns: MOVEMENT_COLUMNS, scoped: null, map: toMovement },
};

/**
 * Documents changed after `after` and below the horizon (positions.ts), in seq order. Below the
 * horizon every change is committed or gone for good, so `after` never passes a change still to
 * commit; changes at or above it wait for the next pull. Horizon, page and `remaining` are read
 * in one snapshot.
 */
export async function pullPage<C extends SyncCollection>(db: Database, collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
  const source = SOURCES[collection];
  // $1 is the lower bound; the filter's other values follow; the page size comes last. The upper
  // bound is the horizon of the statement's snapshot, which both statements share.
  const params: unknown[] = [request.after];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [`seq > $1 AND seq < (${HORIZON_SQL})`];
  // Movements are only pulled back by the user and device that recorded them.
  if (collection === 'movements') {
    const mine = request as PullRequestFor<'movements'>;
    where.push(`user_id = ${add(mine.userId)} AND device_id = ${add(mine.deviceId)}`);
  }
  if (source.scoped && !request.scope.all) where.push(source.scoped(add(request.scope.warehouseIds)));
  const filter = where.join(' AND ');
  const limit = `$${params.length + 1}`;
  const page = await db.snapshot(async (sql) => {
    const rows = await sql.all<{ seq: number }>(
      `SELECT ${source.columns} FROM ${source.table} WHERE ${filter} ORDER BY seq LIMIT ${limit}`,
      [...params, request.limit],
    );
    const last = rows.at(-1)?.seq ?? request.after;
    const counted = await sql.one<{ n: number }>(`SELECT count(*) AS n FROM ${source.table} WHERE ${filter}`, [last, ...params.slice(1)]);
    return { rows, last, remaining: counted?.n ?? 0 };
  });
  return {
    documents: page.rows.map((row) => source.map(row as never) as SyncDocumentOf<C>),
    seqs: page.rows.map((row) => row.seq),
    checkpoint: { seq: page.last },
    remaining: page.remaining,
  };
}
