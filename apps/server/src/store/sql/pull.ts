import type { SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import type { PullPage, PullRequestFor } from '../core/port';
import { toLocation } from '../core/locations';
import { toAlert, toMovement, toProduct, toStoredStock, toWarehouse } from '../core/rows';
import { Params, type Dialect, type Query } from './dialect';
import { LEDGER_COLUMNS } from './ledger';
import { all, one, type Program } from './program';

/** Pulls' SQL, shared by SQLite and PostgreSQL: documents changed after a checkpoint, in seq order. */

interface Source {
  table: string;
  columns: string;
  /** Whether rows are limited to the caller's scope (by warehouse_id). */
  scoped: boolean;
  map: (row: never) => unknown;
}

const SOURCES: Record<SyncCollection, Source> = {
  products: { table: 'products', columns: '*', scoped: false, map: toProduct },
  warehouses: { table: 'warehouses', columns: '*', scoped: false, map: toWarehouse },
  locations: { table: 'locations', columns: '*', scoped: true, map: toLocation },
  // With its bins (protocol 7); a device before it drops the key when it reads the row.
  stock: { table: 'stock', columns: '*', scoped: true, map: toStoredStock },
  alerts: { table: 'alerts', columns: '*', scoped: true, map: toAlert },
  // A device's own movements, not limited by scope: a refusal outside the scope is listed under
  // no foreign warehouse (see core/refusal-scope.ts) and still has to reach the device that sent it.
  movements: { table: 'movements', columns: LEDGER_COLUMNS, scoped: false, map: toMovement },
};

/**
 * The page after `request.after`, and the count of what remains after the page's last seq.
 * `bounds` are further conditions of the store's own (PostgreSQL's horizon).
 */
function pullQueries<C extends SyncCollection>(
  d: Dialect,
  collection: C,
  request: PullRequestFor<C>,
  bounds: readonly string[] = [],
): { page: Query; remaining: (last: number) => Query } {
  const source = SOURCES[collection];
  const filter = (after: number): { where: string; p: Params } => {
    const p = new Params(d);
    const where = [`seq > ${p.add(after)}`, ...bounds];
    // Movements are only pulled back by the user and device that recorded them.
    if (collection === 'movements') {
      const mine = request as PullRequestFor<'movements'>;
      where.push(`user_id = ${p.add(mine.userId)} AND device_id = ${p.add(mine.deviceId)}`);
    }
    if (source.scoped && !request.scope.all) where.push(p.inList('warehouse_id', request.scope.warehouseIds));
    return { where: where.join(' AND '), p };
  };
  const page = filter(request.after);
  return {
    page: {
      text: `SELECT ${source.columns} FROM ${source.table} WHERE ${page.where} ORDER BY seq LIMIT ${page.p.add(request.limit)}`,
      params: page.p.values,
    },
    remaining: (last) => {
      const rest = filter(last);
      return { text: `SELECT count(*) AS n FROM ${source.table} WHERE ${rest.where}`, params: rest.p.values };
    },
  };
}

/**
 * A pull page and the count of what remains after it; the caller runs it in one snapshot so both
 * describe the same state.
 */
export function* pullPage<C extends SyncCollection>(
  d: Dialect,
  collection: C,
  request: PullRequestFor<C>,
  bounds: readonly string[] = [],
): Program<PullPage<C>> {
  const queries = pullQueries(d, collection, request, bounds);
  const rows = yield* all<{ seq: number }>(queries.page);
  const last = rows.at(-1)?.seq ?? request.after;
  const remaining = yield* one<{ n: number }>(queries.remaining(last));
  return {
    documents: rows.map((row) => SOURCES[collection].map(row as never) as SyncDocumentOf<C>),
    seqs: rows.map((row) => row.seq),
    checkpoint: { seq: last },
    remaining: Number(remaining?.n ?? 0),
  };
}
