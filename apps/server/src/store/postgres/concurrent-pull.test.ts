import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import pg from 'pg';
import type { RecordedMovement } from '@stockline/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementBatch, Scope } from '../core/port';
import { seedCatalog, spawnWriter, testSeed } from '../testing/spawn-writer';
import { randomBatch, seededRandom } from '../testing/random-movements';
import { idKey, Puller, rowKey, WRITER_USER_ID } from '../testing/puller';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres concurrent pull] skipped: ${missing}`);

const ALL: Scope = { all: true };
const WRITERS = 4;
const BATCHES = 30;
/** Each writer holds every transaction open for a random 0..n ms before COMMIT (seeded). */
const COMMIT_DELAY = JSON.stringify({ commitDelayMs: 20 });
const WRITER = join(import.meta.dirname, 'testing/writer-process.ts');

const NOW = '2026-01-01T00:00:00.000Z';
const USER = '00000000-0000-4000-8000-000000000001';

function restock(warehouseId: string, productId: string, quantity: number): MovementBatch {
  const movement = {
    id: randomUUID(),
    type: 'restock' as const,
    warehouseId,
    productId,
    quantity,
    deviceId: 'other-writer',
    occurredAt: NOW,
  };
  return { userId: USER, scope: ALL, movements: [movement], now: NOW };
}

/** `promise`, or a failure naming what hung once `ms` pass: a generous bound, not a measurement. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what} (${ms} ms)`)), ms)),
  );
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sessions of this database idle inside a transaction (a writer held open). */
async function openTransactions(url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const found = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    return found.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function untilNoOpenTransaction(url: string): Promise<void> {
  while ((await openTransactions(url)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

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

  /**
   * The property the checkpoint design exists for: a writer that holds its transaction open
   * (paused mid-write) holds up no other writer, only pullers, and those only at its slot; once
   * it ends, the pullers get every change exactly once. (With one counter row every writer
   * locked, the pushes below queued behind the open writer.)
   */
  it('a writer held open holds up no other writer; pullers stop below it, then see every change once', async () => {
    const url = await fresh();
    const store = await openPostgresStore(url, 4);
    const catalog = await seedCatalog(store, 2, 2);
    const [w0, w1] = catalog.warehouses as [string, string];
    const [p0, p1] = catalog.products as [string, string];
    const stock = new Puller(store, 'stock', ALL, 3, rowKey);
    const warehouses = new Puller(store, 'warehouses', ALL, 3, idKey);
    await stock.drain();
    await warehouses.drain();
    const before = new Map(stock.docs);

    const held = Database.open(url, 1);
    const holding = gate();
    const release = gate();
    try {
      const heldWrite = held.write(async (tx) => {
        const seq = tx.nextSeq();
        await tx.all('INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [
          randomUUID(),
          'HELD',
          'held',
          NOW,
          seq,
        ]);
        holding.open();
        await release.opened;
        return seq;
      });
      await holding.opened;

      // Other writers, on other rows and on this instance's other connections: each completes
      // while the held transaction is still open (the bound is below the server's 15 s limit on
      // an idle transaction, which would otherwise end the held one and free the others).
      const pushes = [w0, w1].flatMap((w) => [p0, p1].map((p) => store.applyMovements(restock(w, p, 2))));
      const pushed = await within(Promise.all(pushes), 10_000, 'pushes waited for the open writer');
      const pushedSeqs = pushed.map((r) => r.changes.checkpoint.seq);
      expect(await openTransactions(url)).toBe(1);
      let announced = false;
      const poke = Promise.all(pushedSeqs.map((seq) => store.pullable(seq))).then(() => (announced = true));

      // Pullers stop below the open writer: none of the pushes' changes yet, nothing skipped.
      await stock.drain();
      await warehouses.drain();
      expect(stock.docs).toEqual(before);
      expect(stock.checkpoint).toBeLessThan(Math.min(...pushedSeqs));
      expect(announced).toBe(false);

      release.open();
      const heldSeq = await heldWrite;
      expect(heldSeq).toBeLessThan(Math.min(...pushedSeqs)); // its slot is older than theirs
      await within(poke, 20_000, 'the pokes never became pullable');
      await stock.drain();
      await warehouses.drain();
      expect(stock.docs).toEqual(new Map((await store.listStock({ scope: ALL })).map((d) => [rowKey(d), d])));
      expect([...warehouses.docs.values()].map((w) => (w as { code: string }).code).sort()).toEqual([
        'HELD',
        'W0',
        'W1',
      ]);
      expect([...warehouses.timesSeen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      release.open();
      await held.close();
      await store.close();
    }
  }, 60_000);

  /**
   * Several processes write one database, committing after random delays (so commits land out
   * of slot order), while pullers walk `pull(after = checkpoint)` with small pages; each view
   * must end equal to the final state, every movement pulled exactly once.
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
      movements: Array.from(
        { length: WRITERS },
        (_, i) => new Puller(store, 'movements', ALL, 7, idKey, `writer-${i}`),
      ),
    };
    const everyPuller = [pullers.stock, pullers.stockW0, pullers.alerts, ...pullers.movements];

    const writers = Array.from({ length: WRITERS }, (_, i) =>
      spawnWriter(url, seed + i, BATCHES, `writer-${i}`, catalog, WRITER, [COMMIT_DELAY]),
    );
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
    console.log(
      `[postgres concurrent pull] ${written.length} movements from ${WRITERS} processes, ${pullers.alerts.docs.size} alerts, ${pulls} pulls`,
    );
    await store.close();
  }, 180_000);

  /**
   * A hung instance: a writer process stopped (SIGSTOP) inside its transaction. Other writers'
   * pushes complete while it is stopped, pullers stop below it; once it is killed (its session
   * ends, its transaction rolls back), pullers get every acknowledged change once and nothing of
   * the batch it never acknowledged.
   */
  it('a writer process stopped mid-transaction holds up pullers only, and its unacknowledged batch never appears', async () => {
    const seed = testSeed('postgres stopped writer');
    const url = await fresh();
    const store = await openPostgresStore(url, 4);
    const catalog = await seedCatalog(store, 4, 2);
    // The stopped writer and the others touch different stock rows (writers of one row do wait).
    const [own, others] = [catalog.warehouses.slice(0, 2), catalog.warehouses.slice(2)];
    const stopped = spawnWriter(url, seed, 0, 'stopped', { warehouses: own, products: catalog.products }, WRITER, [
      JSON.stringify({ pauseBefore: 2 }),
    ]);
    try {
      const exitedEarly = stopped.exited.then((r) =>
        Promise.reject(new Error(`the writer exited before its pause: ${r.stderr}`)),
      );
      await within(
        Promise.race([once(stopped.marks, 'paused'), exitedEarly]),
        60_000,
        'the writer never reached its pause',
      );
      stopped.child.kill('SIGSTOP');
      const stock = new Puller(store, 'stock', ALL, 5, rowKey);
      const movements = ['stopped', 'writer-0', 'writer-1'].map(
        (device) => new Puller(store, 'movements', ALL, 7, idKey, device),
      );
      const everyPuller = [stock, ...movements];
      for (const puller of everyPuller) await puller.drain();
      const acknowledgedBefore = stopped.batches.flatMap((b) => b.movements.map((m) => m.id)).sort();

      // Two more writers (in this process: they start at once, well inside the server's 15 s
      // limit on an idle transaction, which would end the stopped one), on the other rows.
      const rand = seededRandom(seed + 1);
      const writers = ['writer-0', 'writer-1'].map((device) => ({ device, acknowledged: [] as string[] }));
      const writing = writers.map(async (w) => {
        for (let i = 0; i < 10; i++) {
          const batch = randomBatch(rand, { warehouses: others, products: catalog.products }, w.device, 8);
          await store.applyMovements({
            userId: WRITER_USER_ID,
            scope: ALL,
            movements: batch,
            now: new Date().toISOString(),
          });
          w.acknowledged.push(...batch.map((m) => m.id));
        }
      });
      await within(Promise.all(writing), 10_000, 'the other writers waited for the stopped one');
      // They finished while the stopped one still holds its transaction open...
      expect(await openTransactions(url)).toBe(1);
      // ...and pullers see none of their changes yet: every one of them is above the horizon.
      for (const puller of everyPuller) await puller.drain();
      expect(movements.map((p) => p.docs.size)).toEqual([acknowledgedBefore.length, 0, 0]);

      stopped.child.kill('SIGKILL');
      await stopped.exited;
      await within(untilNoOpenTransaction(url), 30_000, "the stopped writer's transaction never ended");
      for (const puller of everyPuller) await puller.drain();

      expect(stock.docs).toEqual(new Map((await store.listStock({ scope: ALL })).map((d) => [rowKey(d), d])));
      const acknowledged = [
        stopped.batches.flatMap((b) => b.movements.map((m) => m.id)).sort(),
        ...writers.map((w) => w.acknowledged.sort()),
      ];
      expect(acknowledged[0]).toEqual(acknowledgedBefore); // the stopped batch was never answered...
      for (const [i, puller] of movements.entries()) {
        expect([...puller.docs.keys()].sort()).toEqual(acknowledged[i]); // ...and never stored
        expect([...puller.timesSeen.values()].filter((n) => n !== 1)).toEqual([]);
      }
      for (const row of await store.auditLedger())
        expect(row.qty, `${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
      console.log(`[postgres stopped writer] ${acknowledged.flat().length} movements acknowledged, all pulled once`);
    } finally {
      stopped.child.kill('SIGKILL');
      await store.close();
    }
  }, 180_000);
});
