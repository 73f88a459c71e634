import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../core/port';
import { DEVICE, ledgerMismatches, makeWorld, newMovement, NOW, type World } from './fixture';

/** Guarded apply, batches, transfers, idempotency and refusal reasons (I1, I2, I3, I7). */
export function movementSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  describe('guarded apply (I1)', () => {
    it('applies a purchase of exactly the stock and refuses one unit more', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 5)]);
      const { verdicts } = await world.push([
        newMovement.purchase(a, p, 6),
        newMovement.purchase(a, p, 5),
        newMovement.purchase(a, p, 1),
      ]);
      expect(verdicts.map((v) => v.reason ?? v.status)).toEqual([
        'insufficient_stock',
        'applied',
        'insufficient_stock',
      ]);
      expect(verdicts[0]?.stock).toEqual({ qty: 5, version: 1 });
      expect(verdicts[1]?.stock).toEqual({ qty: 0, version: 2 });
      expect(await world.level(a, p)).toEqual({ qty: 0, version: 2 });
    });

    it('refuses a purchase from a row that never existed, and creates no row', async () => {
      const { verdicts, changes } = await world.push([newMovement.purchase(world.w[0], world.p[0], 1)]);
      expect(verdicts[0]).toMatchObject({
        status: 'rejected',
        reason: 'insufficient_stock',
        stock: { qty: 0, version: 0 },
      });
      expect(await world.store.getStock(world.w[0], world.p[0])).toBeNull();
      expect(changes.stock).toEqual([]);
    });
  });

  it('concurrent single-unit purchases sell exactly the stock, raise one alert and keep I3', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 60)]);
    await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 10, now: NOW });
    const results = await Promise.all(Array.from({ length: 90 }, () => world.push([newMovement.purchase(a, p, 1)])));
    const statuses = results.map((r) => r.verdicts[0]?.reason ?? r.verdicts[0]?.status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(60);
    expect(statuses.filter((s) => s === 'insufficient_stock')).toHaveLength(30);
    expect(await world.level(a, p)).toEqual({ qty: 0, version: 61 });
    expect(results.flatMap((r) => r.changes.alerts)).toHaveLength(1);
    // Every write got its own seqs: no two pushes report the same checkpoint.
    const applied = results.filter((r) => r.verdicts[0]?.status === 'applied').map((r) => r.changes.checkpoint.seq);
    expect(new Set(applied).size).toBe(applied.length);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  it('answers a mixed batch in order; one refusal does not hold back the rest', async () => {
    const [a] = world.w;
    const [p, q] = world.p;
    const batch = [
      newMovement.restock(a, p, 3),
      newMovement.purchase(a, p, 5),
      newMovement.purchase(a, p, 2),
      newMovement.restock(a, randomUUID(), 1),
      newMovement.returned(a, q, 4),
    ];
    const { verdicts, changes } = await world.push(batch);
    expect(verdicts.map((v) => v.id)).toEqual(batch.map((m) => m.id));
    expect(verdicts.map((v) => v.reason ?? v.status)).toEqual([
      'applied',
      'insufficient_stock',
      'applied',
      'unknown_product',
      'applied',
    ]);
    expect(await world.level(a, p)).toEqual({ qty: 1, version: 2 });
    expect(await world.level(a, q)).toEqual({ qty: 4, version: 1 });
    expect(changes.movements.map((m) => m.id)).toEqual(batch.map((m) => m.id));
    expect(changes.stock.map((r) => [r.productId, r.qty]).sort()).toEqual(
      [
        [p, 1],
        [q, 4],
      ].sort(),
    );
    expect(changes.checkpoint.seq).toBeGreaterThan(0);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  describe('transfers (I7)', () => {
    it('moves both legs or neither', async () => {
      const [a, b] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 3)]);
      const refused = await world.push([newMovement.transfer(a, b, p, 4)]);
      expect(refused.verdicts[0]).toEqual({
        id: expect.any(String),
        status: 'rejected',
        reason: 'insufficient_stock',
        stock: { qty: 3, version: 1 },
        toStock: { qty: 0, version: 0 },
      });
      expect(await world.level(a, p)).toEqual({ qty: 3, version: 1 });
      expect(await world.store.getStock(b, p)).toBeNull();

      const moved = await world.push([newMovement.transfer(a, b, p, 3)]);
      expect(moved.verdicts[0]).toMatchObject({
        status: 'applied',
        stock: { qty: 0, version: 2 },
        toStock: { qty: 3, version: 1 },
      });
      expect(await world.level(a, p)).toEqual({ qty: 0, version: 2 });
      expect(await world.level(b, p)).toEqual({ qty: 3, version: 1 });
      expect(await ledgerMismatches(world.store)).toEqual([]);
    });
  });

  describe('idempotency (I2)', () => {
    it('a replay returns the first verdict byte for byte and changes nothing', async () => {
      const [a, b] = world.w;
      const [p] = world.p;
      const batch = [
        newMovement.restock(a, p, 4),
        newMovement.purchase(a, p, 9),
        newMovement.transfer(a, b, p, 1),
        newMovement.count(a, p, 1, 3, 2),
      ];
      const first = await world.push(batch);
      await world.push([newMovement.restock(a, p, 100)]); // the world moves on; the purchase would now pass
      const before = await world.store.listStock({ scope: { all: true } });
      const replay = await world.push(batch);
      expect(JSON.stringify(replay.verdicts)).toBe(JSON.stringify(first.verdicts));
      expect(replay.changes).toMatchObject({ stock: [], movements: [], alerts: [], checkpoint: { seq: 0 } });
      expect(await world.store.listStock({ scope: { all: true } })).toEqual(before);
      expect((await world.store.listMovements({ scope: { all: true }, limit: 100 })).items).toHaveLength(5);
    });

    it('one id twice in the same batch applies once', async () => {
      const m = newMovement.restock(world.w[0], world.p[0], 2);
      const { verdicts } = await world.push([m, m]);
      expect(verdicts[1]).toEqual(verdicts[0]);
      expect(await world.level(world.w[0], world.p[0])).toEqual({ qty: 2, version: 1 });
    });

    it('an id reused with other content is refused, not stored, and keeps its first meaning', async () => {
      const [a] = world.w;
      const [p] = world.p;
      const original = newMovement.restock(a, p, 2);
      const first = await world.push([original]);
      const reused = await world.push([newMovement.restock(a, p, 50, { id: original.id })]);
      expect(reused.verdicts[0]).toEqual({
        id: original.id,
        status: 'rejected',
        reason: 'id_reused',
        stock: { qty: 2, version: 1 },
      });
      expect(reused.changes.movements).toEqual([]);
      expect(await world.level(a, p)).toEqual({ qty: 2, version: 1 });
      expect((await world.push([original])).verdicts).toEqual(first.verdicts);
      const listed = await world.store.listMovements({ scope: { all: true }, limit: 10 });
      expect(listed.items.map((m) => [m.id, m.type === 'restock' && m.quantity])).toEqual([[original.id, 2]]);
    });
  });

  describe('refusal reasons', () => {
    it('unknown product, unknown warehouse or destination, forbidden warehouse or destination', async () => {
      const [a, b, c] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 10)]);
      const scope = { all: false as const, warehouseIds: [a, b] };
      const batch = [
        newMovement.purchase(a, randomUUID(), 1),
        newMovement.purchase(randomUUID(), p, 1),
        newMovement.transfer(a, randomUUID(), p, 1),
        newMovement.restock(c, p, 1),
        newMovement.transfer(a, c, p, 1),
        newMovement.transfer(a, b, p, 1),
      ];
      const { verdicts, changes } = await world.push(batch, scope);
      expect(verdicts.map((v) => v.reason ?? v.status)).toEqual([
        'unknown_product',
        'unknown_warehouse',
        'unknown_warehouse',
        'forbidden_warehouse',
        'forbidden_warehouse',
        'applied',
      ]);
      expect(await world.level(a, p)).toEqual({ qty: 9, version: 2 });
      expect(await world.store.getStock(c, p)).toBeNull();
      // Refusals are recorded too, so the device can pull its verdicts back after a lost reply.
      expect(changes.movements).toHaveLength(6);
      const replay = await world.push(batch, scope);
      expect(replay.verdicts).toEqual(verdicts);
      const pulled = await world.store.pull('movements', {
        after: 0,
        limit: 100,
        scope,
        deviceId: DEVICE,
        userId: world.userId,
      });
      expect(pulled.documents.map((d) => d.verdict.reason ?? d.verdict.status)).toContain('unknown_product');
    });
  });

  describe('counts', () => {
    it('a fresh count applies counted - expected', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 10)]);
      const { verdicts } = await world.push([newMovement.count(a, p, 7, 10, 1)]);
      expect(verdicts[0]).toMatchObject({
        status: 'applied',
        stock: { qty: 7, version: 2 },
        count: { requestedDelta: -3, appliedDelta: -3, stale: false, clamped: false, discrepancy: 0 },
      });
    });

    it('a count based on an old version keeps the sales made meanwhile and is flagged stale', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 10)]);
      await world.push([newMovement.purchase(a, p, 2)]);
      const { verdicts } = await world.push([newMovement.count(a, p, 7, 10, 1)]);
      expect(verdicts[0]).toMatchObject({
        status: 'applied',
        stock: { qty: 5, version: 3 },
        count: { appliedDelta: -3, stale: true },
      });
    });

    it('a count that would go below zero sets zero and records the discrepancy', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 2)]);
      const { verdicts } = await world.push([newMovement.count(a, p, 0, 5, 1)]);
      expect(verdicts[0]).toMatchObject({
        status: 'applied',
        stock: { qty: 0, version: 2 },
        count: { requestedDelta: -5, appliedDelta: -2, stale: false, clamped: true, discrepancy: 3 },
      });
      expect(await ledgerMismatches(world.store)).toEqual([]);
    });
  });
}
