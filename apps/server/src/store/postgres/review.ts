import { reviewKindOf } from '@stockline/domain';
import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import type { Scope, Store } from '../port';
import { toMovement, type MovementRow } from '../sqlite/rows';
import type { Database, Sql } from './db';

/** The review list, mirroring sqlite/review.ts: derived from the stored movements and verdicts. */

/** Matches the partial index movements_to_review, so PostgreSQL uses it. */
const NEEDS_REVIEW = `(status = 'rejected' OR (verdict::jsonb -> 'count' ->> 'stale') = 'true' OR (verdict::jsonb -> 'count' ->> 'clamped') = 'true')`;

interface DecisionRow {
  movement_id: string;
  decision: ReviewOutcome['decision'];
  decided_by: string;
  decided_at: string;
}

function toOutcome(row: DecisionRow): ReviewOutcome {
  return { movementId: row.movement_id, decision: row.decision, decidedBy: row.decided_by, decidedAt: row.decided_at };
}

function scoped(scope: Scope, add: (value: unknown) => string): string[] {
  if (scope.all) return [];
  const p = add(scope.warehouseIds);
  return [`(warehouse_id = ANY(${p}::text[]) OR to_warehouse_id = ANY(${p}::text[]))`];
}

export async function listReview(db: Database, query: Parameters<Store['listReview']>[0]): Promise<ReviewItem[]> {
  const params: unknown[] = [query.limit];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = [NEEDS_REVIEW, 'NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.movement_id = movements.id)', ...scoped(query.scope, add)];
  if (query.warehouseId !== undefined) {
    const w = add(query.warehouseId);
    where.push(`(warehouse_id = ${w} OR to_warehouse_id = ${w})`);
  }
  const rows = await db.all<MovementRow>(
    `SELECT id, body, user_id, verdict, recorded_at, seq FROM movements WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $1`,
    params,
  );
  return rows.flatMap((row) => {
    const movement = toMovement(row);
    const kind = reviewKindOf(movement.verdict);
    return kind ? [{ kind, movement }] : [];
  });
}

/** Runs inside a write transaction: the first decision on a movement stands. */
export async function decideReview(tx: Sql, input: Parameters<Store['decideReview']>[0]): Promise<ReviewOutcome | null> {
  const params: unknown[] = [input.movementId];
  const add = (value: unknown) => `$${params.push(value)}`;
  const where = ['id = $1', NEEDS_REVIEW, ...scoped(input.scope, add)];
  if (!(await tx.one(`SELECT 1 AS found FROM movements WHERE ${where.join(' AND ')}`, params))) return null;
  await tx.all(
    `INSERT INTO review_decisions (movement_id, decision, decided_by, decided_at) VALUES ($1, $2, $3, $4) ON CONFLICT (movement_id) DO NOTHING`,
    [input.movementId, input.decision, input.userId, input.now],
  );
  const row = await tx.one<DecisionRow>('SELECT * FROM review_decisions WHERE movement_id = $1', [input.movementId]);
  return row ? toOutcome(row) : null;
}
