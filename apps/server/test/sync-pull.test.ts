import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movement } from '@stockline/test/support/api';
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
      movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 5, deviceId: 'device-1' }),
      movement({ type: 'purchase', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 1, deviceId: 'device-2' }),
    ]);
    await t.admin.push([movement({ type: 'restock', warehouseId: s.warehouses.b.id, productId: s.product.id, quantity: 5, deviceId: 'device-1' })]);
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
    expect(caughtUp).toEqual({ documents: [], checkpoint: { seq: after }, remaining: 0 });
  });

  it('returns stock only in the caller scope', async () => {
    expect((await s.as.clerkA.pull('stock')).documents.map((r) => r.warehouseId)).toEqual([s.warehouses.a.id]);
    expect(new Set((await t.admin.pull('stock')).documents.map((r) => r.warehouseId))).toEqual(new Set([s.warehouses.a.id, s.warehouses.b.id]));
  });

  it('returns movements of the asking device only, with their verdicts', async () => {
    const page = await s.as.clerkA.pull('movements', { deviceId: 'device-2' });
    expect(page.documents).toHaveLength(1);
    expect(page.documents[0]).toMatchObject({ type: 'purchase', deviceId: 'device-2', verdict: { status: 'applied' } });
    // device-1 has movements in A (clerk's scope) and B (not): only A's come back.
    expect((await s.as.clerkA.pull('movements', { deviceId: 'device-1' })).documents.map((m) => m.warehouseId)).toEqual([s.warehouses.a.id]);
    const missing = await s.as.clerkA.request('GET', '/api/v1/sync/movements');
    expect(missing.status).toBe(400);
  });

  it('gives alerts to managers and an empty, caught-up page to clerks', async () => {
    await s.as.managerA.setThreshold(s.warehouses.a.id, s.product.id, 50);
    expect((await s.as.managerA.pull('alerts')).documents).toHaveLength(1);
    expect((await s.as.managerB.pull('alerts')).documents).toHaveLength(0);
    expect(await s.as.clerkA.pull('alerts', { after: 7 })).toEqual({ documents: [], checkpoint: { seq: 7 }, remaining: 0 });
  });

  it('checkpoints only move forward across collections written together', async () => {
    const before = await s.as.clerkA.pull('stock');
    await s.as.clerkA.push([movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 1 })]);
    const next = await s.as.clerkA.pull('stock', { after: before.checkpoint.seq });
    expect(next.documents).toHaveLength(1);
    expect(next.checkpoint.seq).toBeGreaterThan(before.checkpoint.seq);
  });
});
