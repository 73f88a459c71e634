import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DuplicateKeyError, InvalidCursorError, type Store } from '../core/port';
import { ALL, DEVICE, ledgerMismatches, makeWorld, newMovement as mv, NOW, type World } from './fixture';

const LATER = '2026-01-02T00:00:00.000Z';

/** Back-office writes and reads: edits, archiving, paged search, imports, reorder, devices, ledger filters. */
export function officeSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  it('edits a product under a new seq, clears fields with null, and refuses a taken SKU or barcode', async () => {
    const [p, q] = world.p;
    const before = await world.store.pull('products', { after: 0, limit: 100, scope: ALL });
    const edited = await world.store.updateProduct({
      id: p,
      patch: { name: 'Yellow Pallet Jack', barcode: null, unit: 'pcs' },
      now: LATER,
    });
    expect(edited?.product).toMatchObject({
      id: p,
      name: 'Yellow Pallet Jack',
      barcode: null,
      unit: 'pcs',
      archived: false,
      updatedAt: LATER,
    });
    expect(edited?.changes.products).toEqual([edited?.product]);
    const after = await world.store.pull('products', { after: before.checkpoint.seq, limit: 100, scope: ALL });
    expect(after.documents).toEqual([edited?.product]);
    await expect(world.store.updateProduct({ id: q, patch: { sku: 'SKU-P' }, now: LATER })).rejects.toEqual(
      new DuplicateKeyError('sku'),
    );
    await world.store.updateProduct({ id: p, patch: { barcode: '111' }, now: LATER });
    await expect(world.store.updateProduct({ id: q, patch: { barcode: '111' }, now: LATER })).rejects.toEqual(
      new DuplicateKeyError('barcode'),
    );
    expect(await world.store.getProduct(q)).toMatchObject({ sku: 'SKU-Q', barcode: '5901234123457' });
    expect(await world.store.updateProduct({ id: randomUUID(), patch: { name: 'x' }, now: LATER })).toBeNull();
    // The name index follows the edit: the old name no longer matches, the new one does.
    expect((await world.store.findProducts({ q: 'blue', limit: 10 })).items.map((x) => x.id)).toEqual([]);
    expect((await world.store.findProducts({ q: 'yellow', limit: 10 })).items.map((x) => x.id)).toEqual([p]);
  });

  it('archived warehouses refuse every movement and archived products all but counts', async () => {
    const [a, b] = world.w;
    const [p, q] = world.p;
    await world.push([mv.restock(a, p, 5), mv.restock(a, q, 5)]);
    const archived = await world.store.updateWarehouse({ id: b, archived: true, now: LATER });
    expect(archived?.warehouse).toMatchObject({ id: b, archived: true, name: 'Warehouse B' });
    expect(archived?.changes.warehouses).toHaveLength(1);
    await world.store.updateProduct({ id: q, patch: { archived: true }, now: LATER });
    const { verdicts } = await world.push([
      mv.transfer(a, b, p, 1),
      mv.restock(b, p, 1),
      mv.purchase(a, q, 1),
      mv.count(a, q, 0, 5),
      mv.purchase(a, p, 1),
    ]);
    expect(verdicts.map((v) => v.reason ?? v.status)).toEqual([
      'archived',
      'archived',
      'archived',
      'applied',
      'applied',
    ]);
    expect(await world.level(a, q)).toMatchObject({ qty: 0 });
    expect(await ledgerMismatches(world.store)).toEqual([]);
    const renamed = await world.store.updateWarehouse({ id: b, name: 'Old depot', archived: false, now: LATER });
    expect(renamed?.warehouse).toMatchObject({ name: 'Old depot', archived: false });
    expect(await world.store.updateWarehouse({ id: randomUUID(), name: 'x', now: LATER })).toBeNull();
  });

  it('pages the catalogue by name without repeats or gaps, with search, archived filter and exact keys', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const { product } = await world.store.createProduct({
        id: randomUUID(),
        sku: `K-${i}`,
        name: `${i % 2 ? 'bolt' : 'Nut'} ${String(i).padStart(2, '0')}`,
        now: NOW,
      });
      ids.push(product.id);
    }
    const all = async (query: { q?: string; archived?: boolean }, limit: number) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await world.store.findProducts({ ...query, cursor, limit });
        seen.push(...page.items.map((x) => x.sku));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seen;
    };
    expect(await all({}, 5)).toHaveLength(25);
    const listed = (await world.store.findProducts({ limit: 100 })).items.map((x) => x.name);
    expect(listed).toEqual(
      [...listed].sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0)),
    );
    // A substring pages newest change first, every match once, however small the page.
    const bolts = await all({ q: 'BOLT' }, 4);
    expect(bolts).toHaveLength(11);
    expect(new Set(bolts).size).toBe(11);
    expect(bolts[0]).toBe('K-21');
    expect(await all({ q: 'nu' }, 3)).toHaveLength(12);
    expect((await world.store.findProducts({ q: 'K-7', limit: 100 })).items.map((x) => x.sku)).toEqual(['K-7']);
    // An exact SKU comes first, before the name matches.
    await world.store.createProduct({ id: randomUUID(), sku: 'bolt 03', name: 'Odd one', now: NOW });
    expect((await world.store.findProducts({ q: 'bolt 03', limit: 5 })).items.map((x) => x.sku)).toEqual([
      'bolt 03',
      'K-3',
    ]);
    await world.store.updateProduct({ id: ids[0] as string, patch: { archived: true }, now: LATER });
    expect((await world.store.findProducts({ archived: true, limit: 100 })).items.map((x) => x.id)).toEqual([ids[0]]);
    expect(await all({ archived: false }, 7)).toHaveLength(25);
    await expect(world.store.findProducts({ cursor: 'bogus', limit: 5 })).rejects.toBeInstanceOf(InvalidCursorError);
    const seqCursor = (await world.store.findProducts({ q: 'bolt', limit: 2 })).nextCursor as string;
    await expect(world.store.findProducts({ cursor: seqCursor, limit: 5 })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('searches name, SKU and barcode by every word, in any order, ignoring case and accents', async () => {
    const make = async (sku: string, name: string, barcode?: string) =>
      (await world.store.createProduct({ id: randomUUID(), sku, name, ...(barcode ? { barcode } : {}), now: NOW }))
        .product.id;
    const thick = await make('GL-1', 'Gants épais', '7612345000019');
    const thin = await make('GL-2', 'Gants fins');
    const box = await make('CB-1', 'Épais carton');
    const found = async (q: string) => (await world.store.findProducts({ q, limit: 10 })).items.map((x) => x.id);
    for (const q of ['gants epais', 'Gants épais', 'GANTS ÉPAIS', 'épais gants', '  gants   epais '])
      expect(await found(q), q).toEqual([thick]);
    expect(await found('epais')).toEqual([box, thick]);
    expect(await found('ÉPAIS')).toEqual([box, thick]);
    expect(await found('gants')).toEqual([thin, thick]);
    expect(await found('gants carton')).toEqual([]);
    // A word too short for a trigram still has to match: "é" folds to "e", which "gants fins gl-2" lacks.
    expect(await found('gants é')).toEqual([thick]);
    expect(await found('gl-1')).toEqual([thick]);
    expect(await found('gants 000019')).toEqual([thick]);
    // Edits refold: a new name is found without its accents, a new SKU alone keeps the name found.
    await world.store.updateProduct({ id: thin, patch: { name: 'Gants légers' }, now: LATER });
    expect(await found('legers')).toEqual([thin]);
    expect(await found('fins')).toEqual([]);
    await world.store.updateProduct({ id: thin, patch: { sku: 'GL-9' }, now: LATER });
    expect(await found('gl-9 léger')).toEqual([thin]);
    await world.store.upsertProducts({
      lines: [{ kind: 'update', id: box, patch: { barcode: '4000000000006' } }],
      now: LATER,
    });
    expect(await found('carton 40000')).toEqual([box]);
    // Accent-free pages of an accented search: every match once, newest change first.
    const creams: string[] = [];
    for (let i = 0; i < 7; i++) creams.unshift(await make(`CR-${i}`, `Crème ${i}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await world.store.findProducts({ q: 'CREME', cursor, limit: 2 });
      seen.push(...page.items.map((x) => x.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(creams);
  });

  it('applies an import plan in one transaction: a clash leaves everything as it was', async () => {
    const [p] = world.p;
    const fresh = randomUUID();
    const lines = [
      {
        kind: 'create' as const,
        id: fresh,
        sku: 'NEW-1',
        name: 'New one',
        barcode: '999',
        description: null,
        category: 'Tools',
        unit: 'pcs',
        packs: [],
      },
      { kind: 'update' as const, id: p, patch: { name: 'Renamed jack' } },
    ];
    const { changes } = await world.store.upsertProducts({ lines, now: LATER });
    expect(changes.products.map((x) => x.sku).sort()).toEqual(['NEW-1', 'SKU-P']);
    expect(await world.store.getProduct(fresh)).toMatchObject({
      sku: 'NEW-1',
      category: 'Tools',
      unit: 'pcs',
      archived: false,
    });
    const keys = await world.store.findProductsByKeys({ skus: ['NEW-1', 'NOPE'], barcodes: ['5901234123457'] });
    expect(keys.map((x) => x.sku).sort()).toEqual(['NEW-1', 'SKU-Q']);
    const clash = [
      { kind: 'update' as const, id: p, patch: { name: 'Should not stay' } },
      {
        kind: 'create' as const,
        id: randomUUID(),
        sku: 'SKU-Q',
        name: 'dup',
        barcode: null,
        description: null,
        category: null,
        unit: null,
        packs: [],
      },
    ];
    await expect(world.store.upsertProducts({ lines: clash, now: LATER })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await world.store.getProduct(p)).toMatchObject({ name: 'Renamed jack' });
  });

  it('keeps a reorder quantity beside the threshold without touching stock or version', async () => {
    const [a, b] = world.w;
    const [p, q] = world.p;
    await world.push([mv.restock(a, p, 4)]);
    const { row, changes } = await world.store.setReorderQty({
      warehouseId: a,
      productId: p,
      reorderQty: 24,
      now: LATER,
    });
    expect(row).toMatchObject({ qty: 4, version: 1, reorderQty: 24, threshold: 0 });
    expect(changes.stock).toEqual([row]);
    await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 10, now: LATER });
    expect(await world.store.getStock(a, p)).toMatchObject({ qty: 4, threshold: 10, reorderQty: 24 });
    const created = await world.store.setReorderQty({ warehouseId: b, productId: q, reorderQty: 7, now: LATER });
    expect(created.row).toMatchObject({ qty: 0, version: 0, reorderQty: 7 });
  });

  it('sets thresholds and reorder quantities of many rows in one transaction, raising alerts as a threshold would', async () => {
    const [a] = world.w;
    const [p, q] = world.p;
    await world.push([mv.restock(a, p, 4)]);
    const { changes } = await world.store.setStockSettings({
      warehouseId: a,
      rows: [
        { productId: p, threshold: 10, reorderQty: 30 },
        { productId: q, reorderQty: 5 },
      ],
      now: LATER,
    });
    expect(changes.stock).toHaveLength(2);
    expect(changes.alerts).toEqual([expect.objectContaining({ productId: p, status: 'open', threshold: 10 })]);
    expect(await world.store.getStock(a, p)).toMatchObject({ qty: 4, threshold: 10, reorderQty: 30, version: 1 });
    expect(await world.store.getStock(a, q)).toMatchObject({ qty: 0, threshold: 0, reorderQty: 5 });
    await expect(
      world.store.setStockSettings({
        warehouseId: a,
        rows: [
          { productId: q, threshold: 9 },
          { productId: randomUUID(), threshold: 1 },
        ],
        now: LATER,
      }),
    ).rejects.toThrow();
    expect(await world.store.getStock(a, q)).toMatchObject({ threshold: 0 });
  });

  it('filters the ledger by user, device, type, status and date range', async () => {
    const [a] = world.w;
    const [p] = world.p;
    const other = randomUUID();
    await world.push([mv.restock(a, p, 3), mv.purchase(a, p, 9)]);
    await world.store.applyMovements({
      userId: other,
      scope: ALL,
      movements: [mv.purchase(a, p, 1, { deviceId: 'dev-2' })],
      now: LATER,
    });
    const ids = async (filter: Record<string, string>) =>
      (await world.store.listMovements({ scope: ALL, limit: 50, ...filter })).items.map(
        (m) => `${m.type}:${m.verdict.status}`,
      );
    expect(await ids({ userId: other })).toEqual(['purchase:applied']);
    expect(await ids({ deviceId: DEVICE })).toEqual(['purchase:rejected', 'restock:applied']);
    expect(await ids({ type: 'restock' })).toEqual(['restock:applied']);
    expect(await ids({ status: 'rejected' })).toEqual(['purchase:rejected']);
    expect(await ids({ from: LATER })).toEqual(['purchase:applied']);
    expect(await ids({ to: LATER })).toEqual(['purchase:rejected', 'restock:applied']);
    expect(await ids({ from: NOW, to: LATER, type: 'purchase' })).toEqual(['purchase:rejected']);
  });

  it('remembers each device’s last contact and last reported queue length', async () => {
    const user = randomUUID();
    const cap = { maxPerUser: 20 };
    await world.store.recordDeviceContact({ deviceId: 'd1', userId: user, at: NOW, queued: 4, ...cap });
    await world.store.recordDeviceContact({ deviceId: 'd1', userId: user, at: LATER, ...cap });
    await world.store.recordDeviceContact({ deviceId: 'd2', userId: user, at: NOW, ...cap });
    expect(await world.store.listDevices()).toEqual([
      { deviceId: 'd1', userId: user, lastContactAt: LATER, queued: 4, queuedAt: NOW },
      { deviceId: 'd2', userId: user, lastContactAt: NOW, queued: null, queuedAt: null },
    ]);
  });

  it('knows devices per user, and records no new device of a user past the cap', async () => {
    const [alice, bob] = [randomUUID(), randomUUID()];
    const cap = { maxPerUser: 3 };
    await world.store.recordDeviceContact({ deviceId: 'dev-x', userId: alice, at: NOW, queued: 2, ...cap });
    // Bob naming Alice's device id is Bob's own entry: Alice's stays as she reported it.
    await world.store.recordDeviceContact({ deviceId: 'dev-x', userId: bob, at: LATER, queued: 9999, ...cap });
    for (const n of [1, 2, 3, 4])
      await world.store.recordDeviceContact({ deviceId: `invented-${n}`, userId: bob, at: NOW, ...cap });
    // A device Bob already has still updates at the cap.
    await world.store.recordDeviceContact({ deviceId: 'invented-1', userId: bob, at: LATER, queued: 1, ...cap });
    const devices = await world.store.listDevices();
    expect(devices.filter((d) => d.userId === alice)).toEqual([
      { deviceId: 'dev-x', userId: alice, lastContactAt: NOW, queued: 2, queuedAt: NOW },
    ]);
    expect(
      devices
        .filter((d) => d.userId === bob)
        .map((d) => [d.deviceId, d.queued])
        .sort(),
    ).toEqual([
      ['dev-x', 9999],
      ['invented-1', 1],
      ['invented-2', null],
    ]);
  });

  it('deactivates and reactivates a user', async () => {
    const id = randomUUID();
    await world.store.createUser({
      id,
      username: 'clerk9',
      passwordHash: 'h',
      role: 'clerk',
      warehouseIds: [],
      createdAt: NOW,
      tokenVersion: 0,
      active: true,
    });
    expect(await world.store.updateUser({ id, active: false })).toMatchObject({ active: false, role: 'clerk' });
    expect(await world.store.findUserByUsername('clerk9')).toMatchObject({ active: false });
    expect(await world.store.updateUser({ id, active: true })).toMatchObject({ active: true });
  });
}
