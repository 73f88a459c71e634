import type { ReviewDecision, ReviewItem, ReviewOutcome, ReviewQuery } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import { notFound } from './errors';
import { assertInScope, scopeOf } from './scope';
import { withVisibleStock } from './visible-stock';

/** The most a review list returns: it is a to-do list, not a report. */
const LIMIT = 200;

/**
 * The manager's "to review" list: refused movements (an offline oversell is never silent) and
 * stale or clamped counts, with a decision on each: accept, or ask for a recount.
 */
export class ReviewService {
  constructor(
    private readonly store: Store,
    private readonly now: () => string,
  ) {}

  async list(user: UserRecord, query: ReviewQuery): Promise<ReviewItem[]> {
    const scope = scopeOf(user);
    if (query.warehouseId) assertInScope(scope, query.warehouseId);
    const items = await this.store.listReview({ scope, warehouseId: query.warehouseId, limit: LIMIT });
    return this.withUsernames(items.map((item) => ({ ...item, movement: withVisibleStock(item.movement, scope) })));
  }

  /** A manager deciding on a refusal asks the clerk first, so the card names them (few distinct users per list). */
  private async withUsernames(items: ReviewItem[]): Promise<ReviewItem[]> {
    const ids = [...new Set(items.map((i) => i.movement.userId))];
    const users = await Promise.all(ids.map((id) => this.store.findUserById(id)));
    const names = new Map(ids.map((id, i) => [id, users[i]?.username ?? null]));
    return items.map((item) => ({ ...item, username: names.get(item.movement.userId) ?? null }));
  }

  async decide(user: UserRecord, movementId: string, decision: ReviewDecision): Promise<ReviewOutcome> {
    // Outside the caller's scope reads as unknown: a refusal reveals nothing the user may not read.
    const outcome = await this.store.decideReview({
      movementId,
      decision,
      userId: user.id,
      scope: scopeOf(user),
      now: this.now(),
    });
    if (!outcome) throw notFound('movement to review');
    return outcome;
  }
}
