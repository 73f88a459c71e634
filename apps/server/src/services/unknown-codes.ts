import { randomUUID } from 'node:crypto';
import type { UnknownCodeItem, UnknownCodeQuery, UnknownCodeReport } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import { notFound } from './errors';
import { assertInScope, scopeOf } from './scope';

/** The most a list returns: it is a to-do list, not a report. */
const LIMIT = 200;

/**
 * Codes clerks scanned that no product has: any signed-in user reports one for a warehouse in
 * scope; managers list the open ones (who, where, when) to create or attach the product, or
 * dismiss one. A product carrying the code takes it off the list.
 */
export class UnknownCodeService {
  constructor(
    private readonly store: Store,
    private readonly now: () => string,
  ) {}

  async report(user: UserRecord, report: UnknownCodeReport): Promise<UnknownCodeItem> {
    assertInScope(scopeOf(user), report.warehouseId);
    if (!(await this.store.getWarehouse(report.warehouseId))) throw notFound('warehouse');
    const item = await this.store.reportUnknownCode({
      id: randomUUID(),
      code: report.code,
      warehouseId: report.warehouseId,
      deviceId: report.deviceId ?? null,
      userId: user.id,
      scannedAt: this.sightingTime(report.scannedAt),
    });
    return { ...item, username: (await this.store.findUserById(item.userId))?.username ?? null };
  }

  /** In UTC so stored instants compare as text; a device clock ahead of the server's is capped at now. */
  private sightingTime(scannedAt: string): string {
    const now = this.now();
    const at = new Date(scannedAt).toISOString();
    return at > now ? now : at;
  }

  async list(user: UserRecord, query: UnknownCodeQuery): Promise<UnknownCodeItem[]> {
    const scope = scopeOf(user);
    if (query.warehouseId) assertInScope(scope, query.warehouseId);
    const items = await this.store.listUnknownCodes({ scope, warehouseId: query.warehouseId, limit: LIMIT });
    const ids = [...new Set(items.map((i) => i.userId))];
    const users = await Promise.all(ids.map((id) => this.store.findUserById(id)));
    const names = new Map(ids.map((id, i) => [id, users[i]?.username ?? null]));
    return items.map((item) => ({ ...item, username: names.get(item.userId) ?? null }));
  }

  async dismiss(user: UserRecord, id: string): Promise<UnknownCodeItem> {
    // Outside the caller's scope reads as unknown: it reveals nothing the user may not read.
    const item = await this.store.dismissUnknownCode({ id, scope: scopeOf(user), now: this.now() });
    if (!item) throw notFound('unknown code');
    return item;
  }
}
