import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedMovement, StockRow } from '@stockline/protocol';
import { afterAll, expect, it } from 'vitest';
import { seedStore, spawnWriter, testSeed } from './testing/spawn-writer';

const dir = mkdtempSync(join(tmpdir(), 'stockline-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL = { all: true } as const;
const WRITERS = 3;
const BATCHES = 40;

/**
 * Checkpoints never skip a change: several processes write the same file while a puller walks
 * `pull(after = checkpoint)` with small pages. A change that committed behind the puller's
 * checkpoint would never be pulled, so the puller's final view would differ from the store.
 */
it('pullers following checkpoints see every change while several processes write', async () => {
  const seed = testSeed('sqlite concurrent pull');
  const file = join(dir, 'shared.db');
  const { store, catalog } = await seedStore(file, 3, 4);
  const writers = Array.from({ length: WRITERS }, (_, i) => spawnWriter(file, seed + i, BATCHES, `writer-${i}`, catalog));
  let running = WRITERS;
  const done = Promise.all(writers.map((w) => w.exited.then((r) => ((running -= 1), r))));

  const stock = new Map<string, StockRow>();
  const movementSeen = new Map<string, number>();
  const cursors = { stock: 0, movements: new Map<string, number>() };
  let pulls = 0;

  const pullOnce = async () => {
    for (;;) {
      const page = await store.pull('stock', { after: cursors.stock, limit: 5, scope: ALL });
      for (const row of page.documents) stock.set(`${row.warehouseId}:${row.productId}`, row);
      expect(page.checkpoint.seq).toBeGreaterThanOrEqual(cursors.stock);
      cursors.stock = page.checkpoint.seq;
      pulls += 1;
      if (page.documents.length === 0) break;
    }
    for (let i = 0; i < WRITERS; i++) {
      const deviceId = `writer-${i}`;
      for (;;) {
        const after = cursors.movements.get(deviceId) ?? 0;
        const page = await store.pull('movements', { after, limit: 7, scope: ALL, deviceId });
        for (const m of page.documents) movementSeen.set(m.id, (movementSeen.get(m.id) ?? 0) + 1);
        cursors.movements.set(deviceId, page.checkpoint.seq);
        pulls += 1;
        if (page.documents.length === 0) break;
      }
    }
  };

  while (running > 0) {
    await pullOnce();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const results = await done;
  for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
  await pullOnce();

  // The puller's view equals the final state, row for row.
  const final = await store.listStock({ scope: ALL });
  expect(new Map(final.map((r) => [`${r.warehouseId}:${r.productId}`, r]))).toEqual(stock);

  // Every recorded movement was pulled exactly once (a movement never changes after its seq).
  const recorded: RecordedMovement[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listMovements({ scope: ALL, cursor, limit: 500 });
    recorded.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const written = writers.flatMap((w) => w.batches.flatMap((b) => b.movements.map((m) => m.id)));
  expect(recorded.map((m) => m.id).sort()).toEqual([...written].sort());
  expect([...movementSeen.keys()].sort()).toEqual([...written].sort());
  expect([...movementSeen.values()].every((n) => n === 1)).toBe(true);

  // I1 and I3 held under contention.
  for (const row of store.auditLedger()) {
    expect(row.qty).toBeGreaterThanOrEqual(0);
    expect(row.qty, `${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
  }
  console.log(`[sqlite concurrent pull] ${written.length} movements from ${WRITERS} processes, ${pulls} pulls`);
  await store.close();
});
