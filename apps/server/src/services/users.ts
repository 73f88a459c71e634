import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateUserRequest, User } from '@stockline/protocol';
import { DuplicateKeyError, type Store } from '../store/port';
import { publicUser } from './auth';
import { AppError } from './errors';
import { hashPassword } from './passwords';

export const ADMIN_USERNAME = 'admin';

export class UserService {
  constructor(
    private readonly store: Store,
    private readonly now: () => string,
  ) {}

  async create(input: CreateUserRequest): Promise<User> {
    const warehouseIds = [...new Set(input.warehouseIds)];
    const unknown: string[] = [];
    for (const id of warehouseIds) if (!(await this.store.getWarehouse(id))) unknown.push(id);
    if (unknown.length) {
      throw new AppError('validation_failed', 'unknown warehouse ids', { issues: [{ path: 'warehouseIds', message: 'unknown warehouse', ids: unknown }] });
    }
    try {
      const record = await this.store.createUser({
        id: randomUUID(),
        username: input.username,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        warehouseIds,
        createdAt: this.now(),
      });
      return publicUser(record);
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new AppError('conflict', `username ${input.username} is taken`, { field: 'username' });
      throw error;
    }
  }

  /**
   * First start with no users: create `admin` with the configured password, or a generated one
   * that the caller prints once. Returns null when users already exist.
   */
  async ensureAdmin(configuredPassword: string | null): Promise<{ password: string; generated: boolean } | null> {
    if ((await this.store.countUsers()) > 0) return null;
    const password = configuredPassword ?? randomBytes(12).toString('base64url');
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
