import type { SyncCollection } from '@stockline/protocol';
import type { PullPage, PullRequestFor } from '../core/port';
import { postgres as d } from '../sql/dialect';
import { pullPage as page } from '../sql/pull';
import { perform, type Database } from './db';
import { HORIZON_SQL } from './positions';

/**
 * Documents changed after `after` and below the horizon (positions.ts), in seq order (sql/pull.ts).
 * Below the horizon every change is committed or gone for good, so `after` never passes a change
 * still to commit; changes at or above it wait for the next pull. Horizon, page and `remaining`
 * are read in one snapshot.
 */
export function pullPage<C extends SyncCollection>(
  db: Database,
  collection: C,
  request: PullRequestFor<C>,
): Promise<PullPage<C>> {
  return db.snapshot((sql) => perform(sql, page(d, collection, request, [`seq < (${HORIZON_SQL})`])));
}
