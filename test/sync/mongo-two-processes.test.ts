import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { stockKey } from '@stockline/domain';
import type { MovementInput, RecordedMovement, Verdict } from '@stockline/protocol';
import { Api, movement } from '../support/api';
import { ServerProcess } from '../support/server-process';
import { SERVER_ENV } from './harness';
import { rng } from './random-movements';

const uri = process.env.MONGODB_URI;
const SEED = Number(process.env.MONGO_SEED ?? 4242);

// Needs a MongoDB replica set (transactions) given by MONGODB_URI; none can be installed on the
// machines this usually runs on, so it says loudly why it skipped instead of passing in silence.
if (!uri) {
  console.warn(
    '[mongo two processes] skipped: MONGODB_URI is not set; point it at a MongoDB replica set to run two server processes against one store',
  );
}

/**
 * Two server processes on one MongoDB: conflicting batches pushed through both at once (each
 * transaction writes the shared sequence counter, so they conflict and withTransaction retries),
 * replays of the same ids through the other process, and a puller on each process reading with
 * checkpoints all along. Then: no row below zero (I1), one verdict per id whichever process
 * answered (I2), stock == applied movements (I3), and no checkpoint that skipped a change.
 */
describe.skipIf(!uri)('MongoDB: two server processes on one replica set (needs MONGODB_URI)', () => {
  const dbName = `stockline_two_${randomUUID().slice(0, 8)}`;
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const s of servers) await s.dispose();
    const client = await new MongoClient(uri ?? '').connect();
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it(`keeps I1-I3 and gap-free checkpoints under conflicting pushes through both (seed ${SEED})`, async () => {
    const env = { ...SERVER_ENV, STORE: 'mongodb', MONGODB_URI: uri ?? '', MONGODB_DB: dbName };
    servers.push(await ServerProcess.start({ env }));
    servers.push(await ServerProcess.start({ env }));
    const [a, b] = await Promise.all(servers.map((s) => Api.login(s.url)));
    const w = [await a!.createWarehouse(), await a!.createWarehouse()];
    const p = [await b!.createProduct(), await b!.createProduct()];
    for (const wh of w)
      for (const pr of p)
        await a!.push([movement({ type: 'restock', warehouseId: wh.id, productId: pr.id, quantity: 20 })]);

    const random = rng(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const batches: MovementInput[][] = [];
    for (let i = 0; i < 40; i++) {
      const batch: MovementInput[] = [];
      for (let j = 0; j < 5; j++) {
        const kind = pick(['purchase', 'purchase', 'purchase', 'transfer', 'restock'] as const);
        const base = {
          warehouseId: pick(w).id,
          productId: pick(p).id,
          quantity: 1 + Math.floor(random() * 6),
          deviceId: `dev-${i % 4}`,
        };
        if (kind === 'transfer')
          batch.push(
            movement({ ...base, type: 'transfer', toWarehouseId: w.find((x) => x.id !== base.warehouseId)!.id }),
          );
        else batch.push(movement({ ...base, type: kind }));
      }
      batches.push(batch);
    }

    // Pullers on both processes, checkpoint to checkpoint, while the pushes run.
    let pushing = true;
    const seen = new Map<string, number>();
    const pullers = [a!, b!].map(async (api) => {
      let after = 0;
      for (;;) {
        const done = !pushing;
        const page = await api.pull('stock', { after, limit: 50 });
        for (const row of page.documents)
          seen.set(
            stockKey(row.warehouseId, row.productId),
            Math.max(seen.get(stockKey(row.warehouseId, row.productId)) ?? 0, row.version),
          );
        after = page.checkpoint.seq;
        if (done && page.remaining === 0) return after;
      }
    });

    const first = new Map<string, Verdict>();
    await Promise.all(
      batches.map(async (batch, i) => {
        const reply = await (i % 2 ? a! : b!).push(batch);
        for (const v of reply.results) first.set(v.id, v);
        // The same batch again through the other process: the same verdicts, nothing applied twice.
        const replay = await (i % 2 ? b! : a!).push(batch);
        for (const v of replay.results) expect(v.status, `replay of ${v.id}`).toBe(first.get(v.id)!.status);
      }),
    );
    pushing = false;
    await Promise.all(pullers);

    const ledger: RecordedMovement[] = await a!.ledger();
    const ids = ledger.map((m) => m.id);
    expect(new Set(ids).size, 'a movement id twice in the ledger').toBe(ids.length);
    const sums = new Map<string, number>();
    const add = (k: string, d: number) => sums.set(k, (sums.get(k) ?? 0) + d);
    for (const m of ledger) {
      if (m.verdict.status !== 'applied') continue;
      if (m.type === 'purchase') add(stockKey(m.warehouseId, m.productId), -m.quantity);
      else if (m.type === 'restock' || m.type === 'return') add(stockKey(m.warehouseId, m.productId), m.quantity);
      else if (m.type === 'transfer') {
        add(stockKey(m.warehouseId, m.productId), -m.quantity);
        add(stockKey(m.toWarehouseId, m.productId), m.quantity);
      }
    }
    const rows = (await b!.stockList()).items;
    for (const row of rows) {
      expect(row.qty, 'I1').toBeGreaterThanOrEqual(0);
      expect(row.qty, `I3 ${row.warehouseId}/${row.productId}`).toBe(
        sums.get(stockKey(row.warehouseId, row.productId)) ?? 0,
      );
      // The pullers' checkpoints reached every row's final version: no change was skipped.
      expect(seen.get(stockKey(row.warehouseId, row.productId)), 'checkpoint skipped a change').toBe(row.version);
    }
    console.log(
      `[mongo two processes] seed ${SEED}: ${ledger.length} movements, ${ledger.filter((m) => m.verdict.status === 'rejected').length} rejected`,
    );
  });
});
