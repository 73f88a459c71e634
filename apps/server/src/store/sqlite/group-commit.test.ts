import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

describe('GroupCommit', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function open() {
    const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    dirs.push(dir);
    const db = new Database(join(dir, 'g.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, txn INTEGER NOT NULL)');
    return db;
  }

  it('writes concurrent submissions in one transaction, and a failing one rolls back alone', async () => {
    const db = open();
    const group = new GroupCommit(db);
    // data_version of another connection changes once per commit it did not make.
    const watcher = new Database(db.name);
    const version = () => watcher.pragma('data_version', { simple: true }) as number;
    const before = version();
    const insert = (id: number) => () => db.prepare('INSERT INTO t (id, txn) VALUES (?, 1)').run(id).changes;
    const results = await Promise.allSettled([
      group.submit(insert(1)),
      group.submit(() => {
        insert(2)();
        throw new Error('this batch is refused');
      }),
      group.submit(insert(3)),
    ]);
    const commits = version() - before;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.prepare('SELECT id FROM t ORDER BY id').all()).toEqual([{ id: 1 }, { id: 3 }]);
    expect(commits).toBe(1);
    watcher.close();
    db.close();
  });

  it('answers nobody when the commit itself fails', async () => {
    const db = open();
    const group = new GroupCommit(db);
    const pending = [
      group.submit(() => db.prepare('INSERT INTO t (id, txn) VALUES (1, 1)').run()),
      group.submit(() => 1),
    ];
    db.close();
    for (const p of pending) await expect(p).rejects.toThrow();
  });
});
