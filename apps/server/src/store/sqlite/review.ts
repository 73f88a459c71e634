import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import type { Store } from '../core/port';
import type { MovementRow } from '../core/rows';
import { sqlite as d } from '../sql/dialect';
import * as q from '../sql/review';
import type { Statements } from './statements';

/** The review list: the SQL of sql/review.ts, run through better-sqlite3. */

export function listReview(sql: Statements, query: Parameters<Store['listReview']>[0]): ReviewItem[] {
  const { text, params } = q.listReview(d, query);
  return q.toReviewItems(sql.all<MovementRow>(text, params));
}

/** Runs inside the store's write transaction: the first decision on a movement stands. */
export function decideReview(sql: Statements, input: Parameters<Store['decideReview']>[0]): ReviewOutcome | null {
  const find = q.findReviewable(d, input.movementId, input.scope);
  if (!sql.get(find.text, find.params)) return null;
  const insert = q.insertDecision(d, input);
  sql.run(insert.text, insert.params);
  const select = q.selectDecision(d, input.movementId);
  const row = sql.get<q.DecisionRow>(select.text, select.params);
  return row ? q.toOutcome(row) : null;
}
