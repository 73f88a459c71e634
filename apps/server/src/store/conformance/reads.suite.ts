import { randomUUID } from 'node:crypto';
import { SyncDocument, SYNC_COLLECTIONS, type SyncCollection } from '@stockline/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DuplicateKeyError, InvalidCursorError, type Scope, type Store } from '../core/port';
import { ALL, DEVICE, makeWorld, newMovement, NOW, type World } from './fixture';

/** Pull pages and scoping, the ledger's cursor, catalog lookups, users. */
export function readSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  async function pullAll(collection: SyncCollection, scope: Scope, limit: number, deviceId?: string) {
    const seqs: number[] = [];
    const docs: unknown[] = [];
    let after = 0;
    for (;;) {
      const page = await world.store.pull(collection, { after, limit, scope, deviceId, userId: world.userId });
      for (const doc of page.documents) SyncDocument[collection].parse(doc);
      expect(page.documents.length).toBeLessThanOrEqual(limit);
      // One seq per document, increasing, after the checkpoint asked from, the last one the page's checkpoint.
      expect(page.seqs).toHaveLength(page.documents.length);
      page.seqs.forEach((seq, i) => expect(seq).toBeGreaterThan(i === 0 ? after : page.seqs[i - 1]!));
      if (page.seqs.length) expect(page.seqs.at(-1)).toBe(page.checkpoint.seq);
      docs.push(...page.documents);
      if (page.documents.length === 0) {
        expect(page).toMatchObject({ checkpoint: { seq: after }, remaining: 0 });
        return { docs, seqs };
      }
      expect(page.checkpoint.seq).toBeGreaterThan(after);
      seqs.push(page.checkpoint.seq);
      after = page.checkpoint.seq;
      const rest = await world.store.pull(collection, { after, limit: 1000, scope, deviceId, userId: world.userId });
      expect(rest.documents.length).toBe(page.remaining);
    }
  }

  describe('epoch', () => {
    it('is a stable id of this store that another store does not share', async () => {
      const first = await world.store.epoch();
      expect(first).toMatch(/^[0-9a-f]{16,}$/);
      await world.push([newMovement.restock(world.w[0], world.p[0], 1)]);
      expect(await world.store.epoch()).toBe(first);
      const other = await open();
      try {
        expect(await other.epoch()).not.toBe(first);
      } finally {
        await other.close();
      }
    });
  });

  describe('renewed epoch', () => {
    it('replaces the epoch for good, keeping the data', async () => {
      const before = await world.store.epoch();
      await world.push([newMovement.restock(world.w[0], world.p[0], 2)]);
      const renewed = await world.store.renewEpoch();
      expect(renewed).toMatch(/^[0-9a-f]{16,}$/);
      expect(renewed).not.toBe(before);
      expect(await world.store.epoch()).toBe(renewed);
      expect((await world.level(world.w[0], world.p[0])).qty).toBe(2);
    });

    it('remembers when it was renewed (the restore settle window counts from it)', async () => {
      expect(await world.store.epochRenewedAt()).toBeNull();
      const before = Date.now();
      await world.store.renewEpoch();
      const at = Date.parse((await world.store.epochRenewedAt()) ?? '');
      expect(at).toBeGreaterThanOrEqual(before - 1000);
      expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    });
  });

  describe('pull', () => {
    it('pages every collection in seq order with parseable documents and honest remaining counts', async () => {
      const [a, b] = world.w;
      const [p, q] = world.p;
      for (let i = 0; i < 7; i++) await world.push([newMovement.restock(i % 2 ? a : b, i % 3 ? p : q, i + 1)]);
      await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 100, now: NOW });
      for (const [w, code] of [
        [a, 'A-01'],
        [a, 'A-02'],
        [b, 'B-01'],
      ] as const)
        await world.store.createLocation({
          id: randomUUID(),
          warehouseId: w,
          code,
          name: code,
          barcode: null,
          now: NOW,
        });
      for (const collection of SYNC_COLLECTIONS) {
        const { docs } = await pullAll(collection, ALL, 2, DEVICE);
        expect(docs.length, collection).toBeGreaterThan(0);
      }
      const products = await pullAll('products', ALL, 1);
      expect(products.docs).toHaveLength(2);
      const first = await world.store.pull('products', { after: 0, limit: 1, scope: ALL });
      expect(first.remaining).toBe(1);
    });

    it('returns a changed document once, at its latest seq', async () => {
      const [a] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 1)]);
      const start = await world.store.pull('stock', { after: 0, limit: 10, scope: ALL });
      await world.push([newMovement.restock(a, p, 1)]);
      await world.push([newMovement.restock(a, p, 1)]);
      const next = await world.store.pull('stock', { after: start.checkpoint.seq, limit: 10, scope: ALL });
      expect(next.documents).toEqual([expect.objectContaining({ qty: 3, version: 3 })]);
    });

    it('scopes stock and alerts to the caller, and movements to the user and device', async () => {
      const [a, b] = world.w;
      const [p] = world.p;
      await world.push([newMovement.restock(a, p, 1), newMovement.restock(b, p, 1, { deviceId: 'device-2' })]);
      await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 5, now: NOW });
      await world.store.setThreshold({ warehouseId: b, productId: p, threshold: 5, now: NOW });
      const onlyB: Scope = { all: false, warehouseIds: [b] };
      const stock = await world.store.pull('stock', { after: 0, limit: 100, scope: onlyB });
      expect(stock.documents.map((d) => d.warehouseId)).toEqual([b]);
      const alerts = await world.store.pull('alerts', { after: 0, limit: 100, scope: onlyB });
      expect(alerts.documents.map((d) => d.warehouseId)).toEqual([b]);
      const warehouses = await world.store.pull('warehouses', { after: 0, limit: 100, scope: onlyB });
      expect(warehouses.documents).toHaveLength(3);
      const mine = await world.store.pull('movements', {
        after: 0,
        limit: 100,
        scope: ALL,
        deviceId: DEVICE,
        userId: world.userId,
      });
      expect(mine.documents.map((d) => d.warehouseId)).toEqual([a]);
      const other = await world.store.pull('movements', {
        after: 0,
        limit: 100,
        scope: onlyB,
        deviceId: DEVICE,
        userId: randomUUID(),
      });
      expect(other.documents).toEqual([]);
      const theirs = await world.store.pull('movements', {
        after: 0,
        limit: 100,
        scope: ALL,
        deviceId: 'device-2',
        userId: world.userId,
      });
      expect(theirs.documents.map((d) => d.warehouseId)).toEqual([b]);
    });
    it("pulls movements by device and user, so a shared device never hands one user the next one's", async () => {
      const [a] = world.w;
      const [p] = world.p;
      const first = newMovement.restock(a, p, 1);
      await world.push([first]);
      const second = newMovement.restock(a, p, 2);
      await world.store.applyMovements({ userId: 'user-2', scope: ALL, movements: [second], now: NOW });
      const ids = async (userId: string) =>
        (
          await world.store.pull('movements', { after: 0, limit: 100, scope: ALL, deviceId: DEVICE, userId })
        ).documents.map((d) => d.id);
      expect(await ids(world.userId)).toEqual([first.id]);
      expect(await ids('user-2')).toEqual([second.id]);
      expect(await ids('user-3')).toEqual([]);
    });
  });

  describe('ledger', () => {
    it('pages newest first with an opaque cursor, filtered by warehouse (either leg), product and scope', async () => {
      const [a, b, c] = world.w;
      const [p, q] = world.p;
      const batch = [
        newMovement.restock(a, p, 9),
        newMovement.restock(a, q, 9),
        newMovement.transfer(a, b, p, 2),
        newMovement.restock(c, p, 1),
        newMovement.purchase(a, p, 1),
      ];
      await world.push(batch);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await world.store.listMovements({ scope: ALL, cursor, limit: 2 });
        ids.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(ids).toEqual(batch.map((m) => m.id).reverse());
      const atB = await world.store.listMovements({ scope: ALL, warehouseId: b, limit: 10 });
      expect(atB.items.map((m) => m.type)).toEqual(['transfer']);
      const ofQ = await world.store.listMovements({ scope: ALL, productId: q, limit: 10 });
      expect(ofQ.items.map((m) => m.id)).toEqual([batch[1]?.id]);
      const scopedB = await world.store.listMovements({ scope: { all: false, warehouseIds: [b] }, limit: 10 });
      expect(scopedB).toEqual({ items: [expect.objectContaining({ type: 'transfer' })], nextCursor: null });
      // A scope of two warehouses pages through both, a transfer between them once, newest first.
      const scopeAB: Scope = { all: false, warehouseIds: [a, b] };
      const seen: string[] = [];
      cursor = undefined;
      do {
        const page = await world.store.listMovements({ scope: scopeAB, cursor, limit: 2 });
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(
        batch
          .filter((m) => m.warehouseId !== c)
          .map((m) => m.id)
          .reverse(),
      );
      const pFromA = await world.store.listMovements({ scope: scopeAB, warehouseId: a, productId: p, limit: 10 });
      expect(pFromA.items.map((m) => m.type)).toEqual(['purchase', 'transfer', 'restock']);
      await expect(world.store.listMovements({ scope: ALL, cursor: 'not-a-cursor', limit: 10 })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });
  });

  describe('catalog and stock reads', () => {
    it('finds products by words of their name, SKU or barcode, exact SKU or barcode, and by exact barcode', async () => {
      const names = async (query: { q?: string; barcode?: string }) =>
        (await world.store.findProducts({ ...query, limit: 10 })).items.map((x) => x.sku);
      expect(await names({ q: 'pallet' })).toEqual(['SKU-P']);
      expect(await names({ q: 'LET JA' })).toEqual(['SKU-P']);
      expect(await names({ q: 'SKU-Q' })).toEqual(['SKU-Q']);
      // Words of the SKU and barcode count too, as in the scanner's search (newest change first).
      expect(await names({ q: 'SKU' })).toEqual(['SKU-Q', 'SKU-P']);
      expect(await names({ q: '5901234123457' })).toEqual(['SKU-Q']);
      expect(await names({ q: '12341' })).toEqual(['SKU-Q']);
      expect(await names({ q: '99999' })).toEqual([]);
      expect(await names({ q: '%' })).toEqual([]);
      expect(await names({ q: '.*' })).toEqual([]);
      expect(await names({ q: '"x' })).toEqual([]);
      expect(await names({ q: 're' })).toEqual(['SKU-Q']);
      await world.store.createProduct({ id: randomUUID(), sku: 'SKU-E', name: 'Étagère Métal', now: NOW });
      expect(await names({ q: 'étagère' })).toEqual(['SKU-E']);
      expect(await names({ barcode: '4006381333931' })).toEqual(['SKU-P']);
      expect(await names({ barcode: '400638133393' })).toEqual([]);
      expect(await names({})).toHaveLength(3);
      expect((await world.store.findProducts({ limit: 1 })).items.length).toBe(1);
    });

    it('refuses duplicate codes, SKUs, barcodes and usernames with DuplicateKeyError', async () => {
      const s = world.store;
      const dup = (field: string) => expect.objectContaining({ name: 'DuplicateKeyError', field });
      await expect(s.createWarehouse({ id: randomUUID(), code: 'A', name: 'again', now: NOW })).rejects.toEqual(
        dup('code'),
      );
      await expect(s.createProduct({ id: randomUUID(), sku: 'SKU-P', name: 'x', now: NOW })).rejects.toEqual(
        dup('sku'),
      );
      await expect(
        s.createProduct({ id: randomUUID(), sku: 'NEW', name: 'x', barcode: '5901234123457', now: NOW }),
      ).rejects.toEqual(dup('barcode'));
      const user = {
        id: randomUUID(),
        username: 'clerk1',
        passwordHash: 'h',
        role: 'clerk' as const,
        warehouseIds: [world.w[0]],
        createdAt: NOW,
        tokenVersion: 0,
        active: true,
      };
      expect(await s.countUsers()).toBe(0);
      expect(await s.createUser(user)).toEqual(user);
      await expect(s.createUser({ ...user, id: randomUUID() })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await s.findUserByUsername('clerk1')).toEqual(user);
      expect(await s.findUserById(user.id)).toEqual(user);
      expect(await s.findUserByUsername('nobody')).toBeNull();
      expect(await s.countUsers()).toBe(1);
      // Every change raises the token version by one, ending the user's earlier tokens.
      const moved = { ...user, role: 'manager' as const, warehouseIds: [world.w[1]], tokenVersion: 1 };
      expect(await s.updateUser({ id: user.id, role: 'manager', warehouseIds: [world.w[1]] })).toEqual(moved);
      const changed = { ...moved, passwordHash: 'h2', tokenVersion: 2 };
      expect(await s.updateUser({ id: user.id, passwordHash: 'h2' })).toEqual(changed);
      expect(await s.findUserById(user.id)).toEqual(changed);
      expect(await s.updateUser({ id: randomUUID(), role: 'admin' })).toBeNull();
      expect(await s.listUsers()).toEqual([changed]);
      expect(await s.listWarehouses({ all: false, warehouseIds: [world.w[1]] })).toEqual([
        expect.objectContaining({ code: 'B' }),
      ]);
      expect(await s.getWarehouse(world.w[0])).toMatchObject({ code: 'A', location: null });
      expect(await s.getProduct(world.p[0])).toMatchObject({ sku: 'SKU-P', description: null, category: null });
      expect(await s.getProduct(randomUUID())).toBeNull();
      expect(await s.ping()).toBe(true);
    });

    it('lists stock by scope, warehouse, product and low', async () => {
      const [a, b] = world.w;
      const [p, q] = world.p;
      expect(await world.store.getStock(a, p)).toBeNull();
      await world.push([newMovement.restock(a, p, 2), newMovement.restock(a, q, 8), newMovement.restock(b, p, 1)]);
      await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 3, now: NOW });
      const s = world.store;
      expect(await s.listStock({ scope: ALL })).toHaveLength(3);
      expect(await s.listStock({ scope: { all: false, warehouseIds: [b] } })).toEqual([
        expect.objectContaining({ warehouseId: b }),
      ]);
      expect(await s.listStock({ scope: ALL, warehouseId: a })).toHaveLength(2);
      expect(await s.listStock({ scope: ALL, productId: p })).toHaveLength(2);
      expect(await s.listStock({ scope: ALL, low: true })).toEqual([
        expect.objectContaining({ warehouseId: a, productId: p, qty: 2 }),
      ]);
      expect(await s.getStock(a, q)).toEqual({
        warehouseId: a,
        productId: q,
        qty: 8,
        threshold: 0,
        reorderQty: 0,
        version: 1,
        updatedAt: NOW,
      });
    });
  });
}
