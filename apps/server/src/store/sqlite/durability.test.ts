import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedMovement } from '@stockline/protocol';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store';
import { seedStore, spawnWriter, testSeed } from '../testing/spawn-writer';

const dir = mkdtempSync(join(tmpdir(), 'stockline-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * kill -9 in the middle of a stream of write transactions: whatever the process had already
 * answered stays answered (every verdict replays unchanged, I2), the file opens cleanly, and
 * every stock row still equals the sum of its ledger (I3).
 */
it('a writer killed with SIGKILL mid-stream leaves a consistent store whose verdicts all replay', async () => {
  const seed = testSeed('sqlite durability');
  const file = join(dir, 'killed.db');
  const seeded = await seedStore(file, 2, 3);
  await seeded.store.close();

  const writer = spawnWriter(file, seed, 0, 'doomed', seeded.catalog);
  const target = 25 + (seed % 20);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (writer.batches.length >= target) {
        clearInterval(timer);
        writer.child.kill('SIGKILL');
        resolve();
      }
    }, 1);
    void writer.exited.then((r) => {
      clearInterval(timer);
      reject(new Error(`writer exited before the kill: ${JSON.stringify(r)}`));
    });
  });
  const exit = await writer.exited;
  expect(exit.signal).toBe('SIGKILL');
  const answered = writer.batches.slice();
  expect(answered.length).toBeGreaterThanOrEqual(target);

  const raw = new Database(file, { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();

  const store = await openSqliteStore(file);
  const audit = store.auditLedger();
  expect(audit.length).toBeGreaterThan(0);
  for (const row of audit) expect(row.qty, `${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);

  const before = await store.listStock({ scope: { all: true } });
  for (const batch of answered) {
    const replay = await store.applyMovements({
      userId: '00000000-0000-4000-8000-000000000001',
      scope: { all: true },
      movements: batch.movements,
      now: new Date().toISOString(),
    });
    expect(JSON.stringify(replay.verdicts)).toBe(JSON.stringify(batch.verdicts));
    expect(replay.changes.checkpoint.seq).toBe(0);
  }
  // Every stored verdict replays too, including any batch that committed without being reported.
  const stored: RecordedMovement[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listMovements({ scope: { all: true }, cursor, limit: 500 });
    stored.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(stored.length).toBeGreaterThanOrEqual(answered.reduce((n, b) => n + b.movements.length, 0));
  for (let i = 0; i < stored.length; i += 100) {
    const chunk = stored.slice(i, i + 100);
    const inputs = chunk.map(({ userId: _u, recordedAt: _r, verdict: _v, ...input }) => input);
    const replay = await store.applyMovements({
      userId: '00000000-0000-4000-8000-000000000001',
      scope: { all: true },
      movements: inputs,
      now: new Date().toISOString(),
    });
    expect(JSON.stringify(replay.verdicts)).toBe(JSON.stringify(chunk.map((m) => m.verdict)));
  }
  expect(await store.listStock({ scope: { all: true } })).toEqual(before);
  console.log(
    `[sqlite durability] killed after ${answered.length} answered batches; ${stored.length} stored verdicts all replayed unchanged`,
  );
  await store.close();
}, 120_000);
