import { reviewKindOf } from '@stockline/domain';
import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import type { Filter } from 'mongodb';
import { NEEDS_REVIEW as REVIEW } from '../core/needs-review';
import type { Scope, Store } from '../core/port';
import { toMovement, type Collections, type MovementDoc, type ReviewDecisionDoc } from './documents';

/** The review list, mirroring sqlite/review.ts: derived from the stored movements and verdicts. */

/** The verdict is stored as byte-stable JSON text, so a flagged count is found by its text. */
const NEEDS_REVIEW: Filter<MovementDoc> = {
  $or: [{ status: REVIEW.status }, { verdict: { $regex: `"(${REVIEW.countFlags.join('|')})":true` } }],
};

function inScope(scope: Scope): Filter<MovementDoc> {
  return scope.all
    ? {}
    : { $or: [{ warehouseId: { $in: [...scope.warehouseIds] } }, { toWarehouseId: { $in: [...scope.warehouseIds] } }] };
}

function toOutcome(d: ReviewDecisionDoc): ReviewOutcome {
  return { movementId: d._id, decision: d.decision, decidedBy: d.decidedBy, decidedAt: d.decidedAt };
}

export async function listReview(c: Collections, query: Parameters<Store['listReview']>[0]): Promise<ReviewItem[]> {
  const and: Filter<MovementDoc>[] = [NEEDS_REVIEW, inScope(query.scope)];
  if (query.warehouseId !== undefined)
    and.push({ $or: [{ warehouseId: query.warehouseId }, { toWarehouseId: query.warehouseId }] });
  const docs = await c.movements
    .aggregate<MovementDoc & { decided: unknown[] }>([
      { $match: { $and: and } },
      { $sort: { seq: -1 } },
      { $lookup: { from: c.reviewDecisions.collectionName, localField: '_id', foreignField: '_id', as: 'decided' } },
      { $match: { decided: { $size: 0 } } },
      { $limit: query.limit },
    ])
    .toArray();
  return docs.flatMap(({ decided: _decided, ...doc }) => {
    const movement = toMovement(doc);
    const kind = reviewKindOf(movement.verdict);
    return kind ? [{ kind, movement }] : [];
  });
}

/** The first decision stands: the insert is keyed by the movement id and a clash keeps the stored one. */
export async function decideReview(
  c: Collections,
  input: Parameters<Store['decideReview']>[0],
): Promise<ReviewOutcome | null> {
  const movement = await c.movements.findOne({ $and: [{ _id: input.movementId }, NEEDS_REVIEW, inScope(input.scope)] });
  if (!movement) return null;
  await c.reviewDecisions.updateOne(
    { _id: input.movementId },
    { $setOnInsert: { decision: input.decision, decidedBy: input.userId, decidedAt: input.now } },
    { upsert: true, writeConcern: { w: 'majority' } },
  );
  const stored = await c.reviewDecisions.findOne({ _id: input.movementId });
  return stored ? toOutcome(stored) : null;
}
