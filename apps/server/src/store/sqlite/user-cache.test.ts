import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { UserRecord } from '../core/port';
import { openSqliteStore, type SqliteStore } from './sqlite-store';

const user: UserRecord = {
  id: '11111111-1111-4111-8111-111111111111',
  username: 'ada',
  passwordHash: 'hash-1',
  role: 'clerk',
  warehouseIds: ['22222222-2222-4222-8222-222222222222'],
  createdAt: '2026-01-01T00:00:00.000Z',
  active: true,
  tokenVersion: 1,
};

describe('users read through the SQLite store cache', () => {
  let dir: string;
  let store: SqliteStore;
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  async function open(): Promise<string> {
    dir = mkdtempSync(join(tmpdir(), 'stockline-users-'));
    const file = join(dir, 'store.db');
    store = await openSqliteStore(file);
    await store.createUser(user);
    return file;
  }

  it('a change made through the store applies to the very next read', async () => {
    await open();
    expect((await store.findUserById(user.id))?.tokenVersion).toBe(1);
    await store.updateUser({ id: user.id, role: 'manager' });
    const after = await store.findUserById(user.id);
    expect(after?.role).toBe('manager');
    expect(after?.tokenVersion).toBe(2);
  });

  it('a change committed by another process (the admin command) is seen within the freshness bound', async () => {
    const file = await open();
    expect((await store.findUserById(user.id))?.active).toBe(true);
    const other = new Database(file);
    other.prepare('UPDATE users SET active = 0, token_version = token_version + 1 WHERE id = ?').run(user.id);
    other.close();
    // ExternalWrites looks at data_version at most every 50 ms.
    await new Promise((r) => setTimeout(r, 120));
    const after = await store.findUserById(user.id);
    expect(after?.active).toBe(false);
    expect(after?.tokenVersion).toBe(2);
  });

  it('hands out records that callers cannot change for each other', async () => {
    await open();
    const first = (await store.findUserById(user.id))!;
    expect(() => first.warehouseIds.push('x')).toThrow();
    expect(() => Object.assign(first, { role: 'admin' })).toThrow();
    expect((await store.findUserById(user.id))?.role).toBe('clerk');
  });

  it('an unknown id is not remembered: a user created later is found', async () => {
    await open();
    const id = '33333333-3333-4333-8333-333333333333';
    expect(await store.findUserById(id)).toBeNull();
    await store.createUser({ ...user, id, username: 'bea' });
    expect((await store.findUserById(id))?.username).toBe('bea');
  });
});
