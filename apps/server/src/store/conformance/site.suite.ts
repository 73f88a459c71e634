import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Product } from '@stockline/protocol';
import type { Store } from '../core/port';
import { StoreNotEmptyError, type SiteImage } from '../site-image';
import { ALL, ledgerMismatches, makeWorld, newMovement, NOW, wholeLedger } from './fixture';

/** loadSite: a whole site into an empty store, row for row and all or nothing (a store move). */
export function siteSuite(open: () => Promise<Store>): void {
  const opened: Store[] = [];
  const fresh = async () => {
    const store = await open();
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
  });

  /** Everything loadSite carries, read through the port. */
  async function siteOf(store: Store, productIds: string[]): Promise<SiteImage> {
    const products = (await Promise.all(productIds.map((id) => store.getProduct(id)))).filter(
      (p): p is Product => p !== null,
    );
    const warehouses = await store.listWarehouses(ALL);
    const perWarehouse = async <T>(read: (warehouseId: string) => Promise<T[]>) =>
      (await Promise.all(warehouses.map((w) => read(w.id)))).flat();
    return {
      users: await store.listUsers(),
      warehouses,
      locations: await perWarehouse((id) => store.listLocations(id)),
      products,
      stock: await store.listStock({ scope: ALL }),
      bins: await perWarehouse((warehouseId) => store.listBinStock({ warehouseId })),
      movements: (await wholeLedger(store)).reverse(),
      alerts: await store.listAlerts({ scope: ALL }),
      reviewDecisions: await store.listReviewDecisions(),
    };
  }

  it('loads every record as given: flags, units, settings, stored verdicts, acknowledged alerts, decisions', async () => {
    const world = await makeWorld(fresh);
    const source = world.store;
    const [a, b, c] = world.w;
    const [p, q] = world.p;
    await source.createUser({
      id: world.userId,
      username: 'clerk',
      passwordHash: 'scrypt$x',
      role: 'clerk',
      warehouseIds: [a],
      createdAt: NOW,
      active: true,
      tokenVersion: 0,
    });
    await source.updateUser({ id: world.userId, active: false });
    await source.setThreshold({ warehouseId: a, productId: p, threshold: 4, now: NOW });
    await source.setReorderQty({ warehouseId: a, productId: p, reorderQty: 12, now: NOW });
    const oversell = newMovement.purchase(a, p, 9);
    await world.push([
      newMovement.restock(a, p, 5),
      newMovement.purchase(a, p, 3),
      oversell,
      newMovement.transfer(a, b, p, 1),
      newMovement.count(b, q, 0, 7, 0),
    ]);
    await world.push([newMovement.restock(c, q, 2)], { all: false, warehouseIds: [a] }); // forbidden_warehouse
    // Bins in B: stock put into a bin, moved bin to bin, counted by bin; the first bin archived.
    const bin = async (code: string, barcode: string | null) =>
      (await source.createLocation({ id: randomUUID(), warehouseId: b, code, name: code, barcode, now: NOW })).location
        .id;
    const [shelf, spare] = [await bin('B-01', 'LOC-B01'), await bin('B-02', null)];
    await world.push([
      { ...newMovement.restock(b, p, 6), locationId: shelf },
      {
        id: randomUUID(),
        occurredAt: NOW,
        type: 'transfer',
        warehouseId: b,
        toWarehouseId: b,
        productId: p,
        quantity: 4,
        locationId: shelf,
        toLocationId: spare,
      },
      { ...newMovement.count(b, p, 3, 4), locationId: spare },
    ]);
    await source.updateLocation({ id: shelf, archived: true, now: NOW });
    await source.updateWarehouse({ id: c, archived: true, now: NOW });
    await source.updateProduct({ id: q, patch: { archived: true, unit: 'box' }, now: NOW });
    await world.push([newMovement.restock(c, p, 1)]); // archived
    const [alert] = await source.listAlerts({ scope: ALL, status: 'open' });
    await source.acknowledgeAlert({ id: alert!.id, userId: world.userId, now: NOW });
    await source.decideReview({
      movementId: oversell.id,
      decision: 'accepted',
      userId: world.userId,
      scope: ALL,
      now: NOW,
    });

    const site = await siteOf(source, world.p);
    expect(site.movements.map((m) => m.verdict.reason ?? m.verdict.status)).toEqual(
      expect.arrayContaining(['insufficient_stock', 'forbidden_warehouse', 'archived']),
    );
    const target = await fresh();
    await target.loadSite(site);
    expect(new Map(site.bins.map((x) => [x.locationId, x.qty]))).toEqual(
      new Map([
        [shelf, 2],
        [spare, 3],
      ]),
    );
    expect(await siteOf(target, world.p)).toEqual(site);
    // The bins arrive in the guard too: the second bin holds 3, not 4.
    const fromSpare = { ...newMovement.purchase(b, p, 4), locationId: spare };
    expect(
      (await target.applyMovements({ userId: world.userId, scope: ALL, movements: [fromSpare], now: NOW })).verdicts[0]
        ?.reason,
    ).toBe('insufficient_stock');
    expect(await ledgerMismatches(target)).toEqual([]);
    expect(await target.epoch()).not.toBe(await source.epoch());
    // The stored refusal answers a replay as before; the archived warehouse still refuses.
    const {
      userId: _u,
      recordedAt: _r,
      verdict,
      ...input
    } = site.movements.find((m) => m.verdict.reason === 'archived')!;
    expect(
      (await target.applyMovements({ userId: world.userId, scope: ALL, movements: [input], now: NOW })).verdicts[0],
    ).toEqual(verdict);
    expect(
      (
        await target.applyMovements({
          userId: world.userId,
          scope: ALL,
          movements: [newMovement.restock(c, p, 1)],
          now: NOW,
        })
      ).verdicts[0]?.reason,
    ).toBe('archived');
  });

  it('writes nothing when the store is not empty or a row clashes half-way', async () => {
    const world = await makeWorld(fresh);
    const site = await siteOf(world.store, world.p);
    await expect(world.store.loadSite(site)).rejects.toBeInstanceOf(StoreNotEmptyError);
    expect(await world.store.listWarehouses(ALL)).toHaveLength(3);

    const clash = { ...site.products[0]!, id: randomUUID(), sku: 'SKU-CLASH' }; // the same barcode
    const target = await fresh();
    await expect(target.loadSite({ ...site, users: [], products: [...site.products, clash] })).rejects.toThrow();
    expect(await target.listWarehouses(ALL)).toEqual([]);
    expect(await target.getProduct(site.products[0]!.id)).toBeNull();
    await target.loadSite(site);
    expect(await target.listWarehouses(ALL)).toEqual(site.warehouses);
  });
}
