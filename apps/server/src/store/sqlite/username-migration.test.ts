import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION, STEPS } from './schema';

/**
 * The step that makes usernames unique regardless of case must also migrate a database that
 * already holds "admin" and "Admin": the older keeps its name, the newer is renamed, and the
 * case-insensitive index then holds.
 */
it('renames usernames that clash only by case, keeping the oldest, then enforces the rule', () => {
  const db = new Database(':memory:');
  const step = STEPS.findIndex((text) => text.includes('users_username_nocase'));
  expect(step).toBeGreaterThan(0);
  migrate(db, step);
  const insert = db.prepare(
    "INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at) VALUES (?, ?, 'h', 'admin', '[]', ?)",
  );
  insert.run('aaaaaaaa-0000-4000-8000-000000000001', 'admin', '2026-01-01T00:00:00.000Z');
  insert.run('bbbbbbbb-0000-4000-8000-000000000002', 'Admin', '2026-01-02T00:00:00.000Z');
  insert.run('cccccccc-0000-4000-8000-000000000003', 'clerk', '2026-01-03T00:00:00.000Z');
  migrate(db, SCHEMA_VERSION);
  const names = db.prepare('SELECT username, token_version FROM users ORDER BY created_at').all();
  expect(names).toEqual([
    { username: 'admin', token_version: 0 },
    { username: 'Admin-bbbbbbbb', token_version: 0 },
    { username: 'clerk', token_version: 0 },
  ]);
  expect(() => insert.run('dddddddd-0000-4000-8000-000000000004', 'ADMIN', '2026-01-04T00:00:00.000Z')).toThrow(
    /UNIQUE/,
  );
  db.close();
});
