import type { Verdict } from './verdict';

/**
 * What a movement in the manager's "to review" list needs a person for: a refused movement may
 * mean goods left without stock to cover them; a stale or clamped count may hide a miscount; a
 * restore conflict is one its device was told was applied that a restored store could not take.
 */
export const REVIEW_KINDS = ['refused', 'stale_count', 'clamped_count', 'restore_conflict'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Why a verdict needs review, or null: a restore conflict, then a refusal, then a clamped count, then a stale one. */
export function reviewKindOf(verdict: Pick<Verdict, 'status' | 'reason' | 'count'>): ReviewKind | null {
  if (verdict.reason === 'restore_conflict') return 'restore_conflict';
  if (verdict.status === 'rejected') return 'refused';
  if (verdict.count?.clamped) return 'clamped_count';
  if (verdict.count?.stale) return 'stale_count';
  return null;
}
