import type { SyncCollection } from '@stockline/protocol';
import type { PullPage, PullRequestFor } from '../core/port';
import { sqlite as d } from '../sql/dialect';
import { pullPage as page } from '../sql/pull';
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
  return sql.db.transaction(() => sql.perform(page(d, collection, request)))();
}
