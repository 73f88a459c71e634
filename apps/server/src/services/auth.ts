import type { LoginRequest, LoginResponse, User } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import { AppError } from './errors';
import { decoyHash, verifyPassword } from './passwords';
import type { Tokens } from './tokens';

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
  ) {}

  async login({ username, password }: LoginRequest): Promise<LoginResponse> {
    const user = await this.store.findUserByUsername(username);
    // Hash even for an unknown name so response time does not reveal which names exist.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !valid || !isActive(user)) throw new AppError('unauthorized', 'wrong username or password');
    const { token, expiresAt } = await this.tokens.issue(user);
    return { token, expiresAt, user: publicUser(user) };
  }

  /** The user behind a token, read fresh from the store so role and scope changes apply at once. */
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
    const user = await this.store.findUserById(check.userId);
    if (!user || !isActive(user)) throw new AppError('unauthorized', 'the token is not valid');
    if (user.tokenVersion !== check.tokenVersion)
      throw new AppError('unauthorized', 'the token was revoked; log in again');
    return { user, expiresAtMs: check.expiresAtMs };
  }
}
