/**
 * Which stored movements are on the managers' review list, as data each adapter turns into its
 * query: a refusal, or a count whose verdict says it was stale or clamped (the same cases as the
 * protocol's reviewKindOf, which names why). The SQL stores' partial indexes on the movements
 * table repeat the predicate their adapter builds from this, word for word.
 */
export const NEEDS_REVIEW = { status: 'rejected', countFlags: ['stale', 'clamped'] } as const;
