import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { wholeLedger } from '../conformance/fixture';
import type { Scope } from '../core/port';
import { idKey, Puller, rowKey } from '../testing/puller';
import { seedStore, spawnWriter, testSeed } from '../testing/spawn-writer';

const dir = mkdtempSync(join(tmpdir(), 'stockline-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALL: Scope = { all: true };
const WRITERS = 3;
const BATCHES = 40;

/**
 * Checkpoints never skip a change: several processes write the same file while pullers walk
 * `pull(after = checkpoint)` with small pages. A change that committed behind a puller's
 * checkpoint would never be pulled, so that puller's final view would differ from the store.
 */
it('pullers following checkpoints see every change while several processes write', async () => {
  const seed = testSeed('sqlite concurrent pull');
  const file = join(dir, 'shared.db');
  const { store, catalog } = await seedStore(file, 3, 4);
  const w0: Scope = { all: false, warehouseIds: [catalog.warehouses[0] ?? ''] };
  const pullers = {
    stock: new Puller(store, 'stock', ALL, 5, rowKey),
    stockW0: new Puller(store, 'stock', w0, 3, rowKey),
    alerts: new Puller(store, 'alerts', ALL, 4, idKey),
    movements: Array.from({ length: WRITERS }, (_, i) => new Puller(store, 'movements', ALL, 7, idKey, `writer-${i}`)),
  };
  const everyPuller = [pullers.stock, pullers.stockW0, pullers.alerts, ...pullers.movements];

  const writers = Array.from({ length: WRITERS }, (_, i) =>
    spawnWriter(file, seed + i, BATCHES, `writer-${i}`, catalog),
  );
  let running = WRITERS;
  const done = Promise.all(writers.map((w) => w.exited.then((r) => ((running -= 1), r))));
  while (running > 0) {
    for (const puller of everyPuller) await puller.drain();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  for (const r of await done) expect(r, r.stderr).toMatchObject({ code: 0 });
  for (const puller of everyPuller) await puller.drain();

  // Each view equals the final state, document for document.
  const byKey = <T extends object>(docs: T[], key: (d: Record<string, unknown>) => string) =>
    new Map(docs.map((d) => [key(d as Record<string, unknown>), d]));
  expect(pullers.stock.docs).toEqual(byKey(await store.listStock({ scope: ALL }), rowKey));
  expect(pullers.stockW0.docs).toEqual(byKey(await store.listStock({ scope: w0 }), rowKey));
  expect(pullers.alerts.docs).toEqual(byKey(await store.listAlerts({ scope: ALL }), idKey));

  // Every recorded movement was pulled exactly once by its device (a movement never changes).
  const recorded = await wholeLedger(store, 500);
  const written = writers.flatMap((w) => w.batches.flatMap((b) => b.movements.map((m) => m.id))).sort();
  expect(recorded.map((m) => m.id).sort()).toEqual(written);
  const pulled = pullers.movements.flatMap((p) => [...p.timesSeen.entries()]);
  expect(pulled.map(([id]) => id).sort()).toEqual(written);
  expect(pulled.filter(([, n]) => n !== 1)).toEqual([]);

  // I1 and I3 held under contention.
  for (const row of store.auditLedger()) {
    expect(row.qty).toBeGreaterThanOrEqual(0);
    expect(row.qty, `${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
  }
  const pulls = everyPuller.reduce((n, p) => n + p.pulls, 0);
  console.log(
    `[sqlite concurrent pull] ${written.length} movements from ${WRITERS} processes, ${pullers.alerts.docs.size} alerts, ${pulls} pulls`,
  );
  await store.close();
}, 180_000);
