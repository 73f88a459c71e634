import type { RecordedMovement, SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { LedgerRequest, PullPage, PullRequestFor } from '../core/port';
import { toMovement, type MovementRow } from '../core/rows';
import { postgres as d } from '../sql/dialect';
import { pullQueries, SOURCES } from '../sql/pull';
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

/**
 * Documents changed after `after` and below the horizon (positions.ts), in seq order (sql/pull.ts).
 * Below the horizon every change is committed or gone for good, so `after` never passes a change
 * still to commit; changes at or above it wait for the next pull. Horizon, page and `remaining`
 * are read in one snapshot.
 */
export async function pullPage<C extends SyncCollection>(db: Database, collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
  const queries = pullQueries(d, collection, request, [`seq < (${HORIZON_SQL})`]);
  const page = await db.snapshot(async (sql) => {
    const rows = await sql.all<{ seq: number }>(queries.page.text, queries.page.params);
    const last = rows.at(-1)?.seq ?? request.after;
    const count = queries.remaining(last);
    return { rows, last, remaining: (await sql.one<{ n: number }>(count.text, count.params))?.n ?? 0 };
  });
  return {
    documents: page.rows.map((row) => SOURCES[collection].map(row as never) as SyncDocumentOf<C>),
    seqs: page.rows.map((row) => row.seq),
    checkpoint: { seq: page.last },
    remaining: page.remaining,
  };
}
