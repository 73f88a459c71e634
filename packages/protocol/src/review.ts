import { REVIEW_KINDS } from '@stockline/domain';
import { z } from 'zod';
import { IsoDateTime, Id } from './common';
import { ListOf } from './catalog';
import { RecordedMovement } from './movements';

/**
 * The manager's "to review" list: movements that need a person's decision, derived from the
 * stored movements and their verdicts (nothing is copied); which ones, and why, is the domain's
 * reviewKindOf.
 */
export const ReviewKind = z.enum(REVIEW_KINDS);
export type ReviewKind = z.infer<typeof ReviewKind>;

/** `accepted`: the manager agrees with what happened. `recount`: the shelf is to be counted again. */
export const ReviewDecision = z.enum(['accepted', 'recount']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** `username`: who recorded the movement, as the manager knows them (null once the user is gone). */
export const ReviewItem = z.object({
  kind: ReviewKind,
  movement: RecordedMovement,
  username: z.string().nullable().optional(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQuery = z.strictObject({ warehouseId: Id.optional() });
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const ReviewList = ListOf(ReviewItem);
export type ReviewList = z.infer<typeof ReviewList>;

export const ReviewDecisionRequest = z.strictObject({ decision: ReviewDecision });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequest>;

export const ReviewOutcome = z.object({
  movementId: Id,
  decision: ReviewDecision,
  decidedBy: Id,
  decidedAt: IsoDateTime,
});
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;
