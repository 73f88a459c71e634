import { reviewKindOf } from '@stockline/domain';
import type { ReviewItem, ReviewOutcome } from '@stockline/protocol';
import type { Store } from '../port';
import { toMovement, type MovementRow } from './rows';
import { inJsonList, type Statements } from './statements';

/** Matches the partial index movements_to_review word for word, so SQLite uses it. */
const NEEDS_REVIEW = `(status = 'rejected' OR json_extract(verdict, '$.count.stale') = 1 OR json_extract(verdict, '$.count.clamped') = 1)`;
const EITHER_LEG_IN_SCOPE = `(${inJsonList('warehouse_id', 'scope')} OR ${inJsonList('to_warehouse_id', 'scope')})`;

interface DecisionRow {
  movement_id: string;
  decision: ReviewOutcome['decision'];
  decided_by: string;
  decided_at: string;
}

function toOutcome(row: DecisionRow): ReviewOutcome {
  return { movementId: row.movement_id, decision: row.decision, decidedBy: row.decided_by, decidedAt: row.decided_at };
}

export function listReview(sql: Statements, query: Parameters<Store['listReview']>[0]): ReviewItem[] {
  const where = [NEEDS_REVIEW, 'NOT EXISTS (SELECT 1 FROM review_decisions d WHERE d.movement_id = movements.id)'];
  const params: Record<string, unknown> = { limit: query.limit };
  if (!query.scope.all) {
    where.push(EITHER_LEG_IN_SCOPE);
    params.scope = JSON.stringify(query.scope.warehouseIds);
  }
  if (query.warehouseId !== undefined) {
    where.push('(warehouse_id = @warehouseId OR to_warehouse_id = @warehouseId)');
    params.warehouseId = query.warehouseId;
  }
  const rows = sql.all<MovementRow>(
    `SELECT id, body, user_id, verdict, recorded_at, seq FROM movements WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT @limit`,
    params,
  );
  return rows.flatMap((row) => {
    const movement = toMovement(row);
    const kind = reviewKindOf(movement.verdict);
    return kind ? [{ kind, movement }] : [];
  });
}

/** Runs inside the store's write transaction: the first decision on a movement stands. */
export function decideReview(sql: Statements, input: Parameters<Store['decideReview']>[0]): ReviewOutcome | null {
  const where = ['id = @id', NEEDS_REVIEW];
  const params: Record<string, unknown> = { id: input.movementId };
  if (!input.scope.all) {
    where.push(EITHER_LEG_IN_SCOPE);
    params.scope = JSON.stringify(input.scope.warehouseIds);
  }
  if (!sql.get(`SELECT 1 AS found FROM movements WHERE ${where.join(' AND ')}`, params)) return null;
  sql.run(
    `INSERT INTO review_decisions (movement_id, decision, decided_by, decided_at) VALUES (@id, @decision, @by, @at)
     ON CONFLICT (movement_id) DO NOTHING`,
    { id: input.movementId, decision: input.decision, by: input.userId, at: input.now },
  );
  const row = sql.get<DecisionRow>('SELECT * FROM review_decisions WHERE movement_id = ?', [input.movementId]);
  return row ? toOutcome(row) : null;
}
