import type { Product, StockRow, Warehouse } from '@stockline/protocol';
import { movement, type Api } from '@stockline/test/support/api';
import { seededRandom } from '@stockline/test/support/seeded-random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockReadModel } from '../src/services/stock-read-model';
import type { Store } from '../src/store/core/port';
import { postgresMissing } from '../src/store/postgres/testing/availability';
import { freshSchemaUrl } from '../src/store/postgres/testing/schemas';
import { startTempCluster, type TempCluster } from '../src/store/postgres/testing/temp-cluster';
import { until } from './support/until';
import { startTestServer, type TestServer } from './support/harness';

const missing = postgresMissing();
if (missing) console.warn(`[stock read model on postgres] skipped: ${missing}`);

/** The staleness bound the instances run with here. */
const LAG_MS = 100;

/** Counts the store's stock look-ups: the calls the read model exists to save. */
function countStockReads(store: Store): { readonly n: number } {
  const counter = { n: 0 };
  const read = store.getStock.bind(store);
  store.getStock = (warehouseId, productId) => {
    counter.n += 1;
    return read(warehouseId, productId);
  };
  return counter;
}

describe.skipIf(missing !== null)('stock read model, two instances on one PostgreSQL', () => {
  let cluster: TempCluster;
  let a: TestServer;
  let b: TestServer;
  let adminOnB: Api;
  const warehouses: Warehouse[] = [];
  const products: Product[] = [];

  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
    const url = await freshSchemaUrl(cluster.url, 'read_model');
    const env = { STORE: 'postgres', DATABASE_URL: url, READ_MODEL_LAG_MS: String(LAG_MS) };
    a = await startTestServer(env, undefined, { kind: 'postgres', url });
    b = await startTestServer(env, undefined, { kind: 'postgres', url });
    adminOnB = b.admin;
    for (let i = 0; i < 2; i++) warehouses.push(await a.admin.createWarehouse());
    for (let i = 0; i < 3; i++) products.push(await a.admin.createProduct());
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cluster?.stop();
  });

  it("reads its own writes at once and another instance's within the bound, then answers from memory", async () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
    console.log(`[stock read model] seed ${seed} (SEED=${seed} replays it)`);
    const random = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    // The newest version each instance acknowledged per row: no later read may show less.
    const acknowledged = new Map<string, number>();
    const key = (w: string, p: string) => `${w}/${p}`;

    for (let step = 0; step < 40; step++) {
      const [writer, other] = random() < 0.5 ? [a.admin, adminOnB] : [adminOnB, a.admin];
      const w = pick(warehouses).id;
      const p = pick(products).id;
      const type = random() < 0.6 ? 'restock' : 'purchase';
      const { results } = await writer.push([
        movement({ type, warehouseId: w, productId: p, quantity: 1 + Math.floor(random() * 5) }),
      ]);
      const verdict = results[0]!;
      acknowledged.set(key(w, p), Math.max(acknowledged.get(key(w, p)) ?? 0, verdict.stock.version));
      // Read-your-writes: the instance that answered the push never shows less.
      const own = await writer.stock(w, p);
      expect(own.version, `step ${step}: own read after push (seed ${seed})`).toBeGreaterThanOrEqual(
        verdict.stock.version,
      );
      if (verdict.status === 'applied' && own.version === verdict.stock.version)
        expect(own.qty).toBe(verdict.stock.qty);
      // Another instance: within the bound (nothing else is writing, so the write is pullable at once).
      if (random() < 0.5) await new Promise((resolve) => setTimeout(resolve, LAG_MS + 5));
      else continue;
      for (const [k, version] of acknowledged) {
        const [kw, kp] = k.split('/') as [string, string];
        const seen = await other.stock(kw, kp);
        expect(
          seen.version,
          `step ${step}: ${k} on the other instance after ${LAG_MS} ms (seed ${seed})`,
        ).toBeGreaterThanOrEqual(version);
      }
    }

    // Caught up: every moved row comes from memory on both instances, equal to the store's. The last write
    // may have gone to the other instance just now, which this one may show up to the bound later: wait it out.
    await new Promise((resolve) => setTimeout(resolve, LAG_MS + 5));
    for (const t of [a, b]) {
      const model = t.server.services.stockReadModel!;
      await until(() => model.status().ownWrites === 0 && model.status().fresh, 'the model settled its own writes');
      // Rows that exist (a refused first purchase leaves none; that read goes to the store by design).
      const truth = new Map<string, StockRow>();
      for (const k of acknowledged.keys()) {
        const [w, p] = k.split('/') as [string, string];
        const row = await t.store.getStock(w, p);
        if (row) truth.set(k, row);
      }
      expect(truth.size).toBeGreaterThan(0);
      const reads = countStockReads(t.store);
      for (const [k, row] of truth) {
        const [w, p] = k.split('/') as [string, string];
        expect(await t.admin.stock(w, p)).toEqual(row);
      }
      expect(reads.n, 'stock reads that went to the database').toBe(0);
    }
  });

  it('keeps a clerk to their warehouses for rows held in memory', async () => {
    const [mine, theirs] = warehouses as [Warehouse, Warehouse];
    const product = products[0]!;
    await a.admin.push([movement({ type: 'restock', warehouseId: theirs.id, productId: product.id, quantity: 2 })]);
    await a.admin.push([movement({ type: 'restock', warehouseId: mine.id, productId: product.id, quantity: 2 })]);
    await a.admin.createUser({ username: 'clerk-read-model', role: 'clerk', warehouseIds: [mine.id] });
    for (const t of [a, b]) {
      const model = t.server.services.stockReadModel!;
      await until(() => model.status().ownWrites === 0 && model.status().fresh, 'the model settled its own writes');
      const clerk = await t.login('clerk-read-model');
      expect((await clerk.request('GET', `/api/v1/stock/${theirs.id}/${product.id}`)).status).toBe(403);
      expect((await clerk.request('GET', `/api/v1/stock/${mine.id}/${product.id}`)).status).toBe(200);
    }
  });

  it('stops answering from memory once its feed is lost beyond the bound, and catches up from its checkpoint', async () => {
    let cut = false;
    let now = 0;
    const feed: Array<boolean> = [];
    const store = a.store;
    const model = new StockReadModel(
      {
        pull: (collection, request) =>
          cut ? Promise.reject(new Error('connection lost')) : store.pull(collection, request),
        pullable: (seq) => store.pullable!(seq),
      },
      { maxLagMs: LAG_MS, clock: () => now, onFeed: (event) => feed.push(event.ok) },
    );
    model.start();
    try {
      const w = warehouses[0]!.id;
      const p = products[1]!.id;
      const before = await b.admin.push([movement({ type: 'restock', warehouseId: w, productId: p, quantity: 3 })]);
      await until(() => (model.get(w, p)?.version ?? 0) >= before.results[0]!.stock.version, 'the model caught up');

      cut = true;
      const after = await b.admin.push([movement({ type: 'restock', warehouseId: w, productId: p, quantity: 4 })]);
      await until(() => feed.length === 1, 'the model noticed the lost feed');
      expect(feed).toEqual([false]);
      // Within the bound it may still answer the older row; beyond it, never.
      now += LAG_MS + 1;
      expect(model.get(w, p)).toBeUndefined();
      expect(model.status().fresh).toBe(false);

      cut = false;
      await until(() => model.get(w, p) !== undefined, 'the model caught up again');
      expect(model.get(w, p)).toEqual(await store.getStock(w, p));
      expect(model.get(w, p)!.version).toBeGreaterThanOrEqual(after.results[0]!.stock.version);
      expect(feed).toEqual([false, true]);
    } finally {
      await model.close();
    }
  });
});
