import type { UserRecord } from '../core/port';
import type { ExternalWrites } from './external-writes';

/**
 * Users by id, as every authenticated request and socket handshake reads them. The row read was
 * the largest single cost of a stock query beside writing the response (a WAL read of a small
 * table, under load about as costly as the stock row itself). Records are frozen: callers share
 * them. The store forgets a user inside the transaction that changes it, and everything when
 * another process commits (see external-writes.ts), so a role, scope, password or token-version
 * change still applies to the very next request.
 */
export class UserCache {
  private readonly byId = new Map<string, UserRecord>();

  constructor(private readonly external: ExternalWrites) {
    external.register(() => this.byId.clear());
  }

  get(id: string, read: () => UserRecord | null): UserRecord | null {
    this.external.freshen();
    const known = this.byId.get(id);
    if (known) return known;
    const user = read();
    if (user)
      this.byId.set(id, Object.freeze({ ...user, warehouseIds: Object.freeze([...user.warehouseIds]) as string[] }));
    return this.byId.get(id) ?? null;
  }

  forget(id: string): void {
    this.byId.delete(id);
  }
}
