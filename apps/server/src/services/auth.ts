import type { LoginRequest, LoginResponse, User } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import { AppError } from './errors';
import { decoyHash, verifyPassword } from './passwords';
import type { Tokens } from './tokens';
import type { UserCache } from './user-cache';

export function publicUser(u: UserRecord): User {
  return { id: u.id, username: u.username, role: u.role, warehouseIds: [...u.warehouseIds], active: u.active };
}

/** False only for a user marked `active: false` (deactivated); records without the flag are active. */
export function isActive(user: UserRecord): boolean {
  return (user as UserRecord & { active?: unknown }).active !== false;
}

/** Logging in, and turning a bearer token back into the current user record. */
export class AuthService {
  constructor(
    private readonly store: Store,
    private readonly tokens: Tokens,
    /** Users in memory, within a stated bound (user-cache.ts); null: read on every request. */
    private readonly users: UserCache | null = null,
  ) {}

  async login({ username, password }: LoginRequest): Promise<LoginResponse> {
    const user = await this.store.findUserByUsername(username);
    // Hash even for an unknown name so response time does not reveal which names exist.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid || !isActive(user)) throw new AppError('unauthorized', 'wrong username or password');
    const { token, expiresAt } = await this.tokens.issue(user);
    return { token, expiresAt, user: publicUser(user) };
  }

  /**
   * The user behind a token, read from the store, or with several instances from memory within
   * USER_CACHE_LAG_MS of a change made on another instance (at once for one made on this one).
   */
  async authenticate(token: string | undefined): Promise<UserRecord> {
    return (await this.session(token)).user;
  }

  /**
   * Which of the records read earlier for one user (live sockets', at their handshakes) no longer
   * stand: the user is gone, deactivated, or at another token version, i.e. changed since.
   * One store read, however many records.
   */
  async outdated<T extends { user: UserRecord }>(userId: string, holders: T[]): Promise<T[]> {
    const current = await this.store.findUserById(userId);
    if (!current || !isActive(current)) return holders;
    return holders.filter((h) => h.user.tokenVersion !== current.tokenVersion);
  }

  /**
   * The user and when the token stops being valid (live sockets are closed then). A token issued
   * before the user last changed (password, role, scope, deactivation: each raises the user's
   * token version) is refused, as is any token of a deactivated user.
   */
  async session(token: string | undefined): Promise<{ user: UserRecord; expiresAtMs: number }> {
    if (!token) throw new AppError('unauthorized', 'a bearer token is required');
    const check = await this.tokens.verify(token);
    if (!check.ok) {
      throw new AppError(
        check.code,
        check.code === 'token_expired' ? 'the token has expired; log in again' : 'the token is not valid',
      );
    }
    const user = await this.userOf(check.userId, check.tokenVersion);
    if (!user || !isActive(user)) throw new AppError('unauthorized', 'the token is not valid');
    if (user.tokenVersion !== check.tokenVersion)
      throw new AppError('unauthorized', 'the token was revoked; log in again');
    return { user, expiresAtMs: check.expiresAtMs };
  }

  /**
   * The user to check a token against. A held record that would accept the token is used as it
   * is; one that would refuse it (deactivated, another token version) is read again, so a token
   * issued elsewhere after a change there is not refused here while the change is on its way.
   */
  private async userOf(id: string, tokenVersion: number): Promise<UserRecord | null> {
    if (!this.users) return this.store.findUserById(id);
    const held = this.users.held(id) ?? (await this.users.vouched(id));
    if (held && isActive(held) && held.tokenVersion === tokenVersion) return held;
    return this.users.read(id);
  }
}
