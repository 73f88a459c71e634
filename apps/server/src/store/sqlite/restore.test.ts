import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { restoreDatabase } from './restore';
import { SCHEMA_VERSION } from './schema';
import { openSqliteStore } from './sqlite-store';

const dir = mkdtempSync(join(tmpdir(), 'stockline-restore-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = new URL('./fixtures/store-v2.db', import.meta.url).pathname;

it('restores a backup of the previous release: migrated, checked, with a new epoch', async () => {
  const target = join(dir, 'a', 'stockline.db');
  const report = restoreDatabase(fixture, target);
  expect(report).toMatchObject({
    schemaVersion: SCHEMA_VERSION,
    integrity: 'ok',
    movements: 6,
    ledgerMismatches: [],
    previousEpoch: null,
  });
  expect(readdirSync(join(dir, 'a'))).toEqual(['stockline.db']);
  const store = await openSqliteStore(target);
  expect(await store.epoch()).toBe(report.epoch);
  await store.close();
});

it('gives every restore of one backup its own epoch', () => {
  const one = restoreDatabase(fixture, join(dir, 'b1', 'stockline.db'));
  const two = restoreDatabase(fixture, join(dir, 'b2', 'stockline.db'));
  expect(one.epoch).not.toBe(two.epoch);
});

it('refuses to write over any store, and leaves it untouched', () => {
  const target = join(dir, 'c', 'stockline.db');
  restoreDatabase(fixture, target);
  const before = readdirSync(join(dir, 'c'));
  expect(() => restoreDatabase(fixture, target)).toThrow(/exists: restore only into an empty DATA_DIR/);
  writeFileSync(join(dir, 'd-wal'), '');
  expect(() => restoreDatabase(fixture, join(dir, 'd'))).toThrow(/d-wal exists/);
  expect(readdirSync(join(dir, 'c'))).toEqual(before);
});

it('refuses a file that is not a sound SQLite store, and leaves nothing behind', () => {
  const bad = join(dir, 'not-a-backup.db');
  writeFileSync(bad, 'this is not a database '.repeat(500));
  const target = join(dir, 'e', 'stockline.db');
  expect(() => restoreDatabase(bad, target)).toThrow();
  expect(existsSync(target)).toBe(false);
  expect(() => restoreDatabase(join(dir, 'missing.db'), target)).toThrow(/no backup at/);
});
