import type { Alert, AlertEntry, AlertQuery } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import type { ChangeFeed } from './change-feed';
import { notFound } from './errors';
import { assertInScope, scopeOf } from './scope';
import { userNames } from './user-names';

/** Low-stock alerts: raised by the store inside the write that crossed the threshold; listed and acknowledged here. */
export class AlertService {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
  ) {}

  /** The alert history: open, acknowledged (by whom, when) and resolved, newest first. */
  async list(user: UserRecord, query: AlertQuery): Promise<AlertEntry[]> {
    const scope = scopeOf(user);
    if (query.warehouseId) assertInScope(scope, query.warehouseId);
    const alerts = await this.store.listAlerts({
      scope,
      status: query.status,
      warehouseId: query.warehouseId,
      productId: query.productId,
    });
    const names = await userNames(this.store);
    return alerts.map((a) => ({
      ...a,
      acknowledgedByName: a.acknowledgedBy ? (names.get(a.acknowledgedBy) ?? null) : null,
    }));
  }

  async acknowledge(user: UserRecord, id: string): Promise<Alert> {
    const existing = await this.store.getAlert(id);
    if (!existing) throw notFound('alert');
    assertInScope(scopeOf(user), existing.warehouseId);
    const result = await this.store.acknowledgeAlert({ id, userId: user.id, now: this.now() });
    if (!result) throw notFound('alert');
    this.feed.publish(result.changes);
    return result.alert;
  }
}
