import { join } from 'node:path';
import pg from 'pg';
import type { RecordedMovement } from '@stockline/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../port';
import { seedCatalog, spawnWriter, testSeed } from '../sqlite/testing/spawn-writer';
import { idKey, Puller, rowKey } from '../testing/puller';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres concurrent pull] skipped: ${missing}`);

const ALL: Scope = { all: true };
const WRITERS = 3;
const BATCHES = 40;
const WRITER = join(import.meta.dirname, 'testing/writer-process.ts');

/** Resolves when `fn` is called; lets a test hold a transaction open at a chosen point. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe.skipIf(missing !== null)('postgres pull checkpoints', () => {
  let cluster: TempCluster;
  let n = 0;
  const fresh = () => freshSchemaUrl(cluster.url, `pull_${++n}`);
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
  }, 60_000);
  afterAll(() => cluster?.stop());

  /**
   * The hazard the design exists for, shown on a plain sequence: B takes seq 2 after A took
   * seq 1, B commits first, a puller reads seq 2 and moves its checkpoint to 2; then A commits
   * seq 1 behind the checkpoint, and the puller never sees it.
   */
  it('a plain sequence lets a puller skip a late commit', async () => {
    const url = await fresh();
    const [a, b, puller] = [new pg.Client(url), new pg.Client(url), new pg.Client(url)];
    for (const c of [a, b, puller]) await c.connect();
    try {
      await a.query('CREATE TABLE naive (seq bigserial PRIMARY KEY, what text)');
      await a.query('BEGIN');
      await a.query(`INSERT INTO naive (what) VALUES ('A')`); // seq 1, not committed
      await b.query(`INSERT INTO naive (what) VALUES ('B')`); // seq 2, committed
      const first = await puller.query<{ seq: string }>('SELECT seq FROM naive WHERE seq > 0 ORDER BY seq');
      const checkpoint = Number(first.rows.at(-1)?.seq);
      await a.query('COMMIT');
      const second = await puller.query('SELECT seq FROM naive WHERE seq > $1', [checkpoint]);
      expect(checkpoint).toBe(2);
      expect(second.rows).toEqual([]); // A's change is in the table and will never be pulled
      expect((await puller.query('SELECT count(*)::int AS n FROM naive')).rows[0]).toEqual({ n: 2 });
    } finally {
      for (const c of [a, b, puller]) await c.end();
    }
  });

  it('Database.write: a writer takes its seqs only after the writer before it committed', async () => {
    const url = await fresh();
    const store = await openPostgresStore(url, 2); // migrates
    await store.close();
    const db = Database.open(url, 4);
    try {
      const holding = gate();
      const release = gate();
      const order: string[] = [];
      const first = db.write(async (tx) => {
        const seq = tx.nextSeq();
        order.push(`A took ${seq}`);
        holding.open();
        await release.opened;
        order.push('A commits');
        return seq;
      });
      await holding.opened;
      const second = db.write(async (tx) => {
        const seq = tx.nextSeq();
        order.push(`B took ${seq}`);
        return seq;
      });
      // B is queued on the sequence row while A is open, however long A takes.
      await new Promise((r) => setTimeout(r, 200));
      expect(order).toEqual(['A took 1']);
      release.open();
      expect([await first, await second]).toEqual([1, 2]);
      expect(order).toEqual(['A took 1', 'A commits', 'B took 2']);
    } finally {
      await db.close();
    }
  });

  /**
   * Several processes write one database while pullers walk `pull(after = checkpoint)` with
   * small pages; each view must end equal to the final state, every movement pulled once.
   */
  it('pullers following checkpoints see every change while several processes write', async () => {
    const seed = testSeed('postgres concurrent pull');
    const url = await fresh();
    const store = await openPostgresStore(url, 4);
    const catalog = await seedCatalog(store, 3, 4);
    const w0: Scope = { all: false, warehouseIds: [catalog.warehouses[0] ?? ''] };
    const pullers = {
      stock: new Puller(store, 'stock', ALL, 5, rowKey),
      stockW0: new Puller(store, 'stock', w0, 3, rowKey),
      alerts: new Puller(store, 'alerts', ALL, 4, idKey),
      movements: Array.from({ length: WRITERS }, (_, i) => new Puller(store, 'movements', ALL, 7, idKey, `writer-${i}`)),
    };
    const everyPuller = [pullers.stock, pullers.stockW0, pullers.alerts, ...pullers.movements];

    const writers = Array.from({ length: WRITERS }, (_, i) => spawnWriter(url, seed + i, BATCHES, `writer-${i}`, catalog, WRITER));
    let running = WRITERS;
    const done = Promise.all(writers.map((w) => w.exited.then((r) => ((running -= 1), r))));
    while (running > 0) {
      for (const puller of everyPuller) await puller.drain();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    for (const r of await done) expect(r, r.stderr).toMatchObject({ code: 0 });
    for (const puller of everyPuller) await puller.drain();

    const byKey = <T extends object>(docs: T[], key: (d: Record<string, unknown>) => string) =>
      new Map(docs.map((d) => [key(d as Record<string, unknown>), d]));
    expect(pullers.stock.docs).toEqual(byKey(await store.listStock({ scope: ALL }), rowKey));
    expect(pullers.stockW0.docs).toEqual(byKey(await store.listStock({ scope: w0 }), rowKey));
    expect(pullers.alerts.docs).toEqual(byKey(await store.listAlerts({ scope: ALL }), idKey));

    const recorded: RecordedMovement[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listMovements({ scope: ALL, cursor, limit: 500 });
      recorded.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const written = writers.flatMap((w) => w.batches.flatMap((b) => b.movements.map((m) => m.id))).sort();
    expect(recorded.map((m) => m.id).sort()).toEqual(written);
    const pulled = pullers.movements.flatMap((p) => [...p.timesSeen.entries()]);
    expect(pulled.map(([id]) => id).sort()).toEqual(written);
    expect(pulled.filter(([, times]) => times !== 1)).toEqual([]);

    for (const row of await store.auditLedger()) {
      expect(row.qty).toBeGreaterThanOrEqual(0);
      expect(row.qty, `${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
    }
    const pulls = everyPuller.reduce((sum, p) => sum + p.pulls, 0);
    console.log(`[postgres concurrent pull] ${written.length} movements from ${WRITERS} processes, ${pullers.alerts.docs.size} alerts, ${pulls} pulls`);
    await store.close();
  }, 180_000);
});
