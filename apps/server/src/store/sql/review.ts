import { reviewKindOf } from '@stockline/domain';
import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import { NEEDS_REVIEW } from '../core/needs-review';
import type { Scope, Store } from '../core/port';
import { toMovement, type MovementRow } from '../core/rows';
import { Params, statement, type Dialect, type Query } from './dialect';
import { all, one, type Program } from './program';

/**
 * The review list's SQL, shared by SQLite and PostgreSQL: derived from the stored movements and
 * verdicts; only the decisions are stored (review_decisions, the first decision stands).
 */

/** Matches each store's partial index movements_to_review word for word, so the database uses it. */
export function needsReview(d: Dialect): string {
  return `(${[`status = '${NEEDS_REVIEW.status}'`, ...NEEDS_REVIEW.countFlags.map((flag) => d.jsonTrue('verdict', 'count', flag))].join(' OR ')})`;
}

/** A transfer belongs to both its warehouses: either leg in the scope lists it. */
function eitherLegIn(p: Params, warehouseIds: readonly string[]): string {
  return `(${p.inList('warehouse_id', warehouseIds)} OR ${p.inList('to_warehouse_id', warehouseIds)})`;
}

function listQuery(d: Dialect, query: Parameters<Store['listReview']>[0]): Query {
  const p = new Params(d);
  const where = [needsReview(d), 'NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.movement_id = movements.id)'];
  if (!query.scope.all) where.push(eitherLegIn(p, query.scope.warehouseIds));
  if (query.warehouseId !== undefined)
    where.push(`(warehouse_id = ${p.add(query.warehouseId)} OR to_warehouse_id = ${p.add(query.warehouseId)})`);
  return {
    text: `SELECT id, body, user_id, verdict, recorded_at, seq FROM movements WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${p.add(query.limit)}`,
    params: p.values,
  };
}

/** Every listed row needs review; its kind says why. */
export function* listReview(d: Dialect, query: Parameters<Store['listReview']>[0]): Program<ReviewItem[]> {
  const rows = yield* all<MovementRow>(listQuery(d, query));
  return rows.flatMap((row) => {
    const movement = toMovement(row);
    const kind = reviewKindOf(movement.verdict);
    return kind ? [{ kind, movement }] : [];
  });
}

/** Finds the movement only while it needs review and lies in the caller's scope. */
function findReviewable(d: Dialect, movementId: string, scope: Scope): Query {
  const p = new Params(d);
  const where = [`id = ${p.add(movementId)}`, needsReview(d)];
  if (!scope.all) where.push(eitherLegIn(p, scope.warehouseIds));
  return { text: `SELECT 1 AS found FROM movements WHERE ${where.join(' AND ')}`, params: p.values };
}

/** The first decision on a movement stands: a later one changes nothing. */
function insertDecision(d: Dialect, input: Parameters<Store['decideReview']>[0]): Query {
  const p = new Params(d);
  return {
    text: `INSERT INTO review_decisions (movement_id, decision, decided_by, decided_at)
     VALUES (${[input.movementId, input.decision, input.userId, input.now].map((v) => p.add(v)).join(', ')})
     ON CONFLICT (movement_id) DO NOTHING`,
    params: p.values,
  };
}

function selectDecision(d: Dialect, movementId: string): Query {
  return { text: `SELECT * FROM review_decisions WHERE movement_id = ${d.placeholder(1)}`, params: [movementId] };
}

interface DecisionRow {
  movement_id: string;
  decision: ReviewOutcome['decision'];
  decided_by: string;
  decided_at: string;
}

function toOutcome(row: DecisionRow): ReviewOutcome {
  return { movementId: row.movement_id, decision: row.decision, decidedBy: row.decided_by, decidedAt: row.decided_at };
}

/** Runs inside the store's write transaction: the first decision on a movement stands. */
export function* decideReview(d: Dialect, input: Parameters<Store['decideReview']>[0]): Program<ReviewOutcome | null> {
  if (!(yield* one(findReviewable(d, input.movementId, input.scope)))) return null;
  yield* all(insertDecision(d, input));
  const row = yield* one<DecisionRow>(selectDecision(d, input.movementId));
  return row ? toOutcome(row) : null;
}

/** Every stored decision, for the store move (site-image.ts). */
export function* listReviewDecisions(d: Dialect): Program<ReviewOutcome[]> {
  const rows = yield* all<DecisionRow>(
    statement(
      d,
      () =>
        'SELECT movement_id, decision, decided_by, decided_at FROM review_decisions ORDER BY decided_at, movement_id',
    ),
  );
  return rows.map(toOutcome);
}
