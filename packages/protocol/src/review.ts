import { z } from 'zod';
import { IsoDateTime, Id } from './common';
import { ListOf } from './catalog';
import { RecordedMovement, type Verdict } from './movements';

/**
 * The manager's "to review" list: movements that need a person's decision, derived from the
 * stored movements and their verdicts (nothing is copied). A refused movement may mean goods
 * left without stock to cover them; a stale or clamped count may hide a miscount.
 */
export const ReviewKind = z.enum(['refused', 'stale_count', 'clamped_count', 'restore_conflict']);
export type ReviewKind = z.infer<typeof ReviewKind>;

/** `accepted`: the manager agrees with what happened. `recount`: the shelf is to be counted again. */
export const ReviewDecision = z.enum(['accepted', 'recount']);
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** `username`: who recorded the movement, as the manager knows them (null once the user is gone). */
export const ReviewItem = z.object({ kind: ReviewKind, movement: RecordedMovement, username: z.string().nullable().optional() });
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewQuery = z.strictObject({ warehouseId: Id.optional() });
export type ReviewQuery = z.infer<typeof ReviewQuery>;

export const ReviewList = ListOf(ReviewItem);
export type ReviewList = z.infer<typeof ReviewList>;

export const ReviewDecisionRequest = z.strictObject({ decision: ReviewDecision });
export type ReviewDecisionRequest = z.infer<typeof ReviewDecisionRequest>;

export const ReviewOutcome = z.object({ movementId: Id, decision: ReviewDecision, decidedBy: Id, decidedAt: IsoDateTime });
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

/** Why a verdict needs review, or null: a restore conflict, then a refusal, then a clamped count, then a stale one. */
export function reviewKindOf(verdict: Verdict): ReviewKind | null {
  // A movement its device was told was applied, which the store restored from a backup could not take.
  if (verdict.reason === 'restore_conflict') return 'restore_conflict';
  if (verdict.status === 'rejected') return 'refused';
  if (verdict.count?.clamped) return 'clamped_count';
  if (verdict.count?.stale) return 'stale_count';
  return null;
}
