import type { SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import type { PullPage, PullRequestFor } from '../core/port';
import { toAlert, toMovement, toProduct, toStock, toWarehouse } from '../core/rows';
import { inJsonList, type Statements } from './statements';

interface Source {
  table: string;
  columns: string;
  /** A WHERE fragment limiting rows to the caller's scope (bound as @scope, a JSON array). */
  scoped: string | null;
  map: (row: never) => unknown;
}

const SOURCES: Record<SyncCollection, Source> = {
  products: { table: 'products', columns: '*', scoped: null, map: toProduct },
  warehouses: { table: 'warehouses', columns: '*', scoped: null, map: toWarehouse },
  stock: { table: 'stock', columns: '*', scoped: inJsonList('warehouse_id', 'scope'), map: toStock },
  alerts: { table: 'alerts', columns: '*', scoped: inJsonList('warehouse_id', 'scope'), map: toAlert },
  // A device's own movements, not limited by scope: a refusal outside the scope is listed under
  // no foreign warehouse (see refusal-scope.ts) and still has to reach the device that sent it.
  movements: { table: 'movements', columns: 'id, body, user_id, verdict, recorded_at, seq', scoped: null, map: toMovement },
};

/**
 * Documents changed after `after`, in seq order. Page and `remaining` are read in one read
 * transaction so they describe the same snapshot.
 */
export function pullPage<C extends SyncCollection>(sql: Statements, collection: C, request: PullRequestFor<C>): PullPage<C> {
  const source = SOURCES[collection];
  const where = ['seq > @after'];
  const params: Record<string, unknown> = { after: request.after, limit: request.limit };
  if (collection === 'movements') {
    const mine = request as PullRequestFor<'movements'>;
    where.push('user_id = @userId AND device_id = @deviceId');
    params.deviceId = mine.deviceId;
    params.userId = mine.userId;
  }
  if (source.scoped && !request.scope.all) {
    where.push(source.scoped);
    params.scope = JSON.stringify(request.scope.warehouseIds);
  }
  const filter = where.join(' AND ');
  const page = sql.db.transaction(() => {
    const rows = sql.all<{ seq: number }>(
      `SELECT ${source.columns} FROM ${source.table} WHERE ${filter} ORDER BY seq LIMIT @limit`,
      params,
    );
    const last = rows.at(-1)?.seq ?? request.after;
    const { limit: _limit, ...countParams } = params;
    const counted = sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${source.table} WHERE ${filter}`, {
      ...countParams,
      after: last,
    });
    return { rows, last, remaining: counted?.n ?? 0 };
  })();
  return {
    documents: page.rows.map((row) => source.map(row as never) as SyncDocumentOf<C>),
    seqs: page.rows.map((row) => row.seq),
    checkpoint: { seq: page.last },
    remaining: page.remaining,
  };
}
