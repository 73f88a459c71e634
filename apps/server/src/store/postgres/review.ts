import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import type { Store } from '../core/port';
import type { MovementRow } from '../core/rows';
import { postgres as d } from '../sql/dialect';
import * as q from '../sql/review';
import type { Database, Sql } from './db';

/** The review list: the SQL of sql/review.ts, run through node-postgres. */

export async function listReview(db: Database, query: Parameters<Store['listReview']>[0]): Promise<ReviewItem[]> {
  const { text, params } = q.listReview(d, query);
  return q.toReviewItems(await db.all<MovementRow>(text, params));
}

/** Runs inside a write transaction: the first decision on a movement stands. */
export async function decideReview(
  tx: Sql,
  input: Parameters<Store['decideReview']>[0],
): Promise<ReviewOutcome | null> {
  const find = q.findReviewable(d, input.movementId, input.scope);
  if (!(await tx.one(find.text, find.params))) return null;
  const insert = q.insertDecision(d, input);
  await tx.all(insert.text, insert.params);
  const select = q.selectDecision(d, input.movementId);
  const row = await tx.one<q.DecisionRow>(select.text, select.params);
  return row ? q.toOutcome(row) : null;
}
