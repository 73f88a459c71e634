import { randomUUID } from 'node:crypto';
import type { CreateUserRequest, UpdateUserRequest, User } from '@stockline/protocol';
import { DuplicateKeyError, LastAdminError, type Store } from '../store/core/port';
import { publicUser } from './auth';
import type { ChangeFeed } from './change-feed';
import { AppError, notFound } from './errors';
import { passwordProblem } from './password-policy';
import { generatePassword, hashPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';

/** Refuses a weak password with a 400 naming the field (see password-policy.ts). */
function assertStrongPassword(password: string, username: string | undefined): void {
  const problem = passwordProblem(password, username ? [username, 'stockline'] : ['stockline']);
  if (problem)
    throw new AppError('validation_failed', `password ${problem}`, {
      issues: [{ path: 'password', message: problem }],
    });
}

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly now: () => string,
    private readonly feed: ChangeFeed | null = null,
  ) {}

  private async knownWarehouses(ids: readonly string[]): Promise<string[]> {
    const warehouseIds = [...new Set(ids)];
    const unknown: string[] = [];
    for (const id of warehouseIds) if (!(await this.store.getWarehouse(id))) unknown.push(id);
    if (unknown.length) {
      throw new AppError('validation_failed', 'unknown warehouse ids', {
        issues: [{ path: 'warehouseIds', message: 'unknown warehouse', ids: unknown }],
      });
    }
    return warehouseIds;
  }

  async list(): Promise<User[]> {
    return (await this.store.listUsers()).map(publicUser);
  }

  /**
   * An admin changes a user's role, warehouses, password or active flag. Admins cannot change
   * their own role or deactivate themselves (no one locks the last admin out by accident). The
   * user's live sockets are dropped so they reconnect with the new scope, or, deactivated, are
   * refused at the handshake; HTTP checks the user's current record on every request (the
   * feed's user listeners make this instance's user cache forget the user before this returns).
   */
  async update(actorId: string, id: string, input: UpdateUserRequest): Promise<User> {
    if (actorId === id && input.role !== undefined && input.role !== 'admin') {
      throw new AppError('forbidden', 'an admin cannot change their own role');
    }
    if (actorId === id && input.active === false)
      throw new AppError('forbidden', 'an admin cannot deactivate themself');
    if (input.password !== undefined)
      assertStrongPassword(input.password, (await this.store.findUserById(id))?.username);
    const change = {
      id,
      role: input.role,
      warehouseIds: input.warehouseIds === undefined ? undefined : await this.knownWarehouses(input.warehouseIds),
      passwordHash: input.password === undefined ? undefined : await hashPassword(input.password),
      active: input.active,
    };
    // The store refuses, inside the write, a change that would leave no active admin: two admins
    // demoting each other at once cannot both pass a check made before the write.
    const record = await this.store.updateUser(change).catch((error: unknown) => {
      if (error instanceof LastAdminError) {
        throw new AppError('conflict', 'this change would leave no active admin; make another user admin first', {
          field: 'role',
        });
      }
      throw error;
    });
    if (!record) throw notFound('user');
    this.feed?.publishUserChange(id);
    return publicUser(record);
  }

  async create(input: CreateUserRequest): Promise<User> {
    assertStrongPassword(input.password, input.username);
    const warehouseIds = await this.knownWarehouses(input.warehouseIds);
    try {
      const record = await this.store.createUser({
        id: randomUUID(),
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        warehouseIds,
        createdAt: this.now(),
        active: true,
        tokenVersion: 0,
      });
      return publicUser(record);
    } catch (error) {
      if (error instanceof DuplicateKeyError)
        throw new AppError('conflict', `username ${input.username} is taken`, { field: 'username' });
      throw error;
    }
  }

  /**
   * First start with no users: create `admin` with the configured password, or a generated one
   * that the caller prints once. Returns null when users already exist.
   */
  async ensureAdmin(configuredPassword: string | null): Promise<{ password: string; generated: boolean } | null> {
    if ((await this.store.countUsers()) > 0) return null;
    const password = configuredPassword ?? generatePassword();
    try {
      await this.create({ username: ADMIN_USERNAME, password, role: 'admin', warehouseIds: [] });
    } catch (error) {
      // Another instance created it first: that one reports the password.
      if (error instanceof AppError && error.code === 'conflict') return null;
      throw error;
    }
    return { password, generated: configuredPassword === null };
  }
}
