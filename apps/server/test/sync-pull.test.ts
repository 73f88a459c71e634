import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullResponse, SyncCollection } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { SyncService } from '../src/services/sync';
import type { UserRecord } from '../src/store/core/port';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** The replicas' pull endpoint: server checkpoints, pages that add up, scope, and per-device movements. */
describe('GET /api/v1/sync/:collection', () => {
  let t: TestServer;
  let s: Staff;
  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    for (let i = 0; i < 4; i++) await t.admin.createProduct({ sku: `PULL-${i}` });
    await s.as.clerkA.push([
      movement({
        type: 'restock',
        warehouseId: s.warehouses.a.id,
        productId: s.product.id,
        quantity: 5,
        deviceId: 'device-1',
      }),
      movement({
        type: 'purchase',
        warehouseId: s.warehouses.a.id,
        productId: s.product.id,
        quantity: 1,
        deviceId: 'device-2',
      }),
    ]);
    await t.admin.push([
      movement({
        type: 'restock',
        warehouseId: s.warehouses.b.id,
        productId: s.product.id,
        quantity: 5,
        deviceId: 'device-1',
      }),
    ]);
  });
  afterAll(() => t?.close());

  it('pages through a collection with server checkpoints until nothing remains', async () => {
    const all = await s.as.clerkA.pull('products');
    expect(all.documents).toHaveLength(5);
    expect(all.remaining).toBe(0);

    const ids: string[] = [];
    let after = 0;
    let remaining = Infinity;
    let pages = 0;
    while (remaining > 0) {
      const page = await s.as.clerkA.pull('products', { after, limit: 2 });
      ids.push(...page.documents.map((d) => d.id));
      expect(page.checkpoint.seq).toBeGreaterThan(after);
      expect(page.remaining).toBe(Math.max(0, 5 - ids.length));
      after = page.checkpoint.seq;
      remaining = page.remaining;
      pages++;
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(all.documents.map((d) => d.id));

    const caughtUp = await s.as.clerkA.pull('products', { after });
    expect(caughtUp).toEqual({ documents: [], checkpoint: { seq: after }, remaining: 0, epoch: await t.store.epoch() });
  });

  it('returns stock only in the caller scope', async () => {
    expect((await s.as.clerkA.pull('stock')).documents.map((r) => r.warehouseId)).toEqual([s.warehouses.a.id]);
    expect(new Set((await t.admin.pull('stock')).documents.map((r) => r.warehouseId))).toEqual(
      new Set([s.warehouses.a.id, s.warehouses.b.id]),
    );
  });

  it('returns movements of the asking device only, with their verdicts', async () => {
    const page = await s.as.clerkA.pull('movements', { deviceId: 'device-2' });
    expect(page.documents).toHaveLength(1);
    expect(page.documents[0]).toMatchObject({ type: 'purchase', deviceId: 'device-2', verdict: { status: 'applied' } });
    // device-1 has movements in A (clerk's scope) and B (not): only A's come back.
    expect((await s.as.clerkA.pull('movements', { deviceId: 'device-1' })).documents.map((m) => m.warehouseId)).toEqual(
      [s.warehouses.a.id],
    );
    const missing = await s.as.clerkA.request('GET', '/api/v1/sync/movements');
    expect(missing.status).toBe(400);
  });

  it('gives alerts to managers and an empty, caught-up page to clerks', async () => {
    await s.as.managerA.setThreshold(s.warehouses.a.id, s.product.id, 50);
    expect((await s.as.managerA.pull('alerts')).documents).toHaveLength(1);
    expect((await s.as.managerB.pull('alerts')).documents).toHaveLength(0);
    expect(await s.as.clerkA.pull('alerts', { after: 7 })).toEqual({
      documents: [],
      checkpoint: { seq: 7 },
      remaining: 0,
      epoch: await t.store.epoch(),
    });
  });

  it('checkpoints only move forward across collections written together', async () => {
    const before = await s.as.clerkA.pull('stock');
    await s.as.clerkA.push([
      movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 1 }),
    ]);
    const next = await s.as.clerkA.pull('stock', { after: before.checkpoint.seq });
    expect(next.documents).toHaveLength(1);
    expect(next.checkpoint.seq).toBeGreaterThan(before.checkpoint.seq);
  });

  it('answers identical pulls sent together with the same page, and a pull sent after a write with the write', async () => {
    const burst = () => Promise.all(Array.from({ length: 25 }, () => s.as.clerkA.pull('stock', { after: 0 })));
    const before = await burst();
    for (const page of before) expect(page).toEqual(before[0]);
    await s.as.clerkA.push([
      movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 3 }),
    ]);
    // Every one of these was sent after the write's reply: none may get the earlier page.
    const after = await burst();
    for (const page of after) {
      expect(page).toEqual(after[0]);
      expect(page.checkpoint.seq).toBeGreaterThan(before[0]!.checkpoint.seq);
      expect(page.documents[0]!.qty).toBe(before[0]!.documents[0]!.qty + 3);
    }
  });

  it('shares a read only between pulls of the same collection, scope and page size, each answered from its own checkpoint', async () => {
    await t.admin.createUser({ username: 'clerk-a2', role: 'clerk', warehouseIds: [s.warehouses.a.id] });
    const user = async (name: string) => (await t.store.findUserByUsername(name)) as UserRecord;
    const [clerkA, clerkA2, clerkB, admin] = await Promise.all(['clerk-a', 'clerk-a2', 'clerk-b', 'admin'].map(user));
    const sync = new SyncService(t.store);
    const shared: boolean[] = [];
    const page = async <C extends SyncCollection>(u: UserRecord, c: C, after = 0, limit = 200, deviceId?: string) => {
      const i = shared.push(false) - 1;
      const answer = await sync.pull(u, c, { after, limit, ...(deviceId ? { deviceId } : {}) });
      shared[i] = answer.shared;
      return JSON.parse(answer.json) as PullResponse<C>;
    };
    // Two more changes in A, so a device can hold a checkpoint between them.
    for (let i = 0; i < 2; i++)
      await s.as.clerkA.push([
        movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 1 }),
      ]);
    const everything = await page(clerkA!, 'stock');
    const midway = everything.checkpoint.seq - 1;
    const fromMidway = await page(clerkA!, 'stock', midway);
    shared.length = 0;
    // All asked in one turn of the event loop, as a poke's pulls arrive.
    const [a1, a2, aLater, b1, all1, aSmall, aProducts, mine1, mine2] = await Promise.all([
      page(clerkA!, 'stock'),
      page(clerkA2!, 'stock'),
      page(clerkA!, 'stock', midway),
      page(clerkB!, 'stock'),
      page(admin!, 'stock'),
      page(clerkA!, 'stock', 0, 1),
      page(clerkA!, 'products'),
      page(clerkA!, 'movements', 0, 200, 'device-1'),
      page(clerkA!, 'movements', 0, 200, 'device-2'),
    ]);
    // The same scope shares, from any checkpoint; another scope, page size or collection, and a device's movements, do not.
    expect(shared).toEqual([false, true, true, false, false, false, false, false, false]);
    expect(a1).toEqual(everything);
    expect(a2).toEqual(everything);
    expect(aLater).toEqual(fromMidway);
    expect(aLater.documents.length).toBeGreaterThan(0);
    expect(new Set(a1.documents.map((d) => d.warehouseId))).toEqual(new Set([s.warehouses.a.id]));
    expect(new Set(b1.documents.map((d) => d.warehouseId))).toEqual(new Set([s.warehouses.b.id]));
    expect(new Set(all1.documents.map((d) => d.warehouseId))).toEqual(new Set([s.warehouses.a.id, s.warehouses.b.id]));
    expect(aSmall.documents).toHaveLength(1);
    expect(aProducts.documents.length).toBeGreaterThan(0);
    expect(mine1.documents.map((m) => m.deviceId)).toEqual(mine1.documents.map(() => 'device-1'));
    expect(mine2.documents.map((m) => m.deviceId)).toEqual(mine2.documents.map(() => 'device-2'));
    expect(mine2.documents.length).toBeGreaterThan(0);
  });

  it('answers a device on its first sync and devices further on in one slot, each as its own read would, in two reads', async () => {
    // Three stock rows in A, so a page of two from the start leaves some remaining.
    const products = (await s.as.clerkA.pull('products', { limit: 1000 })).documents
      .filter((p) => p.sku.startsWith('PULL-'))
      .slice(0, 2);
    for (const p of products)
      await s.as.clerkA.push([
        movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: p.id, quantity: 2 }),
      ]);
    const clerkA = (await t.store.findUserByUsername('clerk-a')) as UserRecord;
    // The real store, counting its pull reads.
    let reads = 0;
    const counted = new Proxy(t.store, {
      get: (target, name, receiver) =>
        name === 'pull'
          ? (...args: Parameters<typeof t.store.pull>) => (reads++, target.pull(...args))
          : Reflect.get(target, name, receiver),
    });
    const sync = new SyncService(counted);
    const pull = async (after: number, limit: number) =>
      JSON.parse((await sync.pull(clerkA, 'stock', { after, limit })).json) as PullResponse<'stock'>;
    expect((await pull(0, 1000)).documents.length).toBeGreaterThanOrEqual(3);
    const first = await pull(0, 1);
    const second = await pull(first.checkpoint.seq, 1);
    const devices = [0, second.checkpoint.seq, second.checkpoint.seq, second.checkpoint.seq + 1];
    const alone = [];
    for (const after of devices) alone.push(await pull(after, 2));
    reads = 0;
    // All in one turn: the read from 0 is full before the others' documents; one more read answers them all.
    const together = await Promise.all(devices.map((after) => pull(after, 2)));
    expect(together).toEqual(alone);
    expect(together[0]!.remaining).toBeGreaterThan(0);
    expect(reads).toBe(2);
  });
});
