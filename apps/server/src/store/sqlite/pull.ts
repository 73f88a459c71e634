import type { SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import type { PullPage, PullRequestFor } from '../core/port';
import { sqlite as d } from '../sql/dialect';
import { pullQueries, SOURCES } from '../sql/pull';
import type { Statements } from './statements';

/**
 * Documents changed after `after`, in seq order (sql/pull.ts). Page and `remaining` are read in
 * one read transaction so they describe the same snapshot.
 */
export function pullPage<C extends SyncCollection>(
  sql: Statements,
  collection: C,
  request: PullRequestFor<C>,
): PullPage<C> {
  const queries = pullQueries(d, collection, request);
  const page = sql.db.transaction(() => {
    const rows = sql.all<{ seq: number }>(queries.page.text, queries.page.params);
    const last = rows.at(-1)?.seq ?? request.after;
    const count = queries.remaining(last);
    return { rows, last, remaining: sql.get<{ n: number }>(count.text, count.params)?.n ?? 0 };
  })();
  return {
    documents: page.rows.map((row) => SOURCES[collection].map(row as never) as SyncDocumentOf<C>),
    seqs: page.rows.map((row) => row.seq),
    checkpoint: { seq: page.last },
    remaining: page.remaining,
  };
}
