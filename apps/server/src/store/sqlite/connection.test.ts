import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from './connection';
import { migrate, SCHEMA_VERSION } from './schema';

const dir = mkdtempSync(join(tmpdir(), 'stockline-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('opens with WAL, synchronous=FULL, savepoint journals in memory, a busy timeout and foreign keys on', () => {
  const db = openDatabase(join(dir, 'pragmas.db'));
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY: see connection.ts
  expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  db.close();
});

it('creates the folder of a new database file', () => {
  const db = openDatabase(join(dir, 'nested', 'deeper', 'new.db'));
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  db.close();
});

it('migrates once to the current schema version and keeps data on reopen', () => {
  const file = join(dir, 'migrate.db');
  const db = openDatabase(file);
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  db.prepare("INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ('w', 'W', 'W', 'now', 1)").run();
  db.close();
  const again = openDatabase(file);
  expect(again.prepare('SELECT count(*) AS n FROM warehouses').get()).toEqual({ n: 1 });
  again.close();
});

it('upgrades a version 1 file step by step, keeping its rows', () => {
  const file = join(dir, 'v1.db');
  const old = new Database(file);
  migrate(old, 1);
  old.prepare("INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ('w', 'W', 'W', 'now', 1)").run();
  old.close();
  const db = openDatabase(file);
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  expect(db.prepare('SELECT code FROM warehouses').all()).toEqual([{ code: 'W' }]);
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'movements'").all();
  expect(indexes).toContainEqual({ name: 'movements_by_device_seq' });
  expect(indexes).not.toContainEqual({ name: 'movements_by_device_seq_scope' });
  db.close();
});

it('refuses a file written by a newer schema instead of guessing', () => {
  const file = join(dir, 'newer.db');
  openDatabase(file).close();
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  expect(() => openDatabase(file)).toThrow(/newer than this server/);
});

it('the database itself refuses negative stock and a second unresolved alert for a row', () => {
  const db = openDatabase(join(dir, 'constraints.db'));
  db.exec(`
    INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ('w', 'W', 'W', 'now', 1);
    INSERT INTO products (id, sku, name, updated_at, seq) VALUES ('p', 'P', 'P', 'now', 2);
    INSERT INTO stock (warehouse_id, product_id, qty, seq) VALUES ('w', 'p', 1, 3);
    INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, seq) VALUES ('a1', 'w', 'p', 1, 2, 'acknowledged', 'now', 4);
  `);
  expect(() => db.exec("UPDATE stock SET qty = qty - 2 WHERE warehouse_id = 'w'")).toThrow(/CHECK constraint/);
  expect(() =>
    db.exec(
      "INSERT INTO alerts (id, warehouse_id, product_id, qty, threshold, status, raised_at, seq) VALUES ('a2', 'w', 'p', 1, 2, 'open', 'now', 5)",
    ),
  ).toThrow(/UNIQUE constraint/);
  expect(() => db.exec("INSERT INTO stock (warehouse_id, product_id, qty, seq) VALUES ('nowhere', 'p', 1, 6)")).toThrow(
    /FOREIGN KEY/,
  );
  db.close();
});
