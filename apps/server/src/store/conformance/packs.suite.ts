import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Product } from '@stockline/protocol';
import { DuplicateKeyError, type Store } from '../core/port';
import { ALL, makeWorld, NOW, type World } from './fixture';

/** P's and Q's barcodes (fixture.ts). */
const P_BARCODE = '4006381333931';
const Q_BARCODE = '5901234123457';
const LATER = '2026-01-03T00:00:00.000Z';

/**
 * Pack barcodes: one code names one product across product barcodes and every pack, checked in
 * the product write's own transaction; a refused write changes nothing.
 */
export function packSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  const create = (sku: string, fields: Partial<Pick<Product, 'barcode' | 'packs'>> = {}) =>
    world.store.createProduct({
      id: randomUUID(),
      sku,
      name: `Product ${sku}`,
      barcode: fields.barcode ?? undefined,
      packs: fields.packs,
      now: NOW,
    });
  const update = (id: string, patch: Partial<Pick<Product, 'barcode' | 'packs' | 'name'>>) =>
    world.store.updateProduct({ id, patch, now: LATER });
  const duplicate = (field: string, value?: string) =>
    expect.objectContaining({ name: 'DuplicateKeyError', field, ...(value === undefined ? {} : { value }) });
  const allProducts = async () => (await world.store.findProducts({ limit: 100 })).items;

  it('a product keeps its packs through every read: get, list, pull', async () => {
    const packs = [
      { barcode: 'CASE-12', quantity: 12 },
      { barcode: '04006381333948', quantity: 48 },
    ];
    const { product, changes } = await create('SKU-C', { barcode: 'EACH-1', packs });
    expect(product.packs).toEqual(packs);
    expect(changes.products[0]?.packs).toEqual(packs);
    expect((await world.store.getProduct(product.id))?.packs).toEqual(packs);
    expect((await allProducts()).find((p) => p.id === product.id)?.packs).toEqual(packs);
    const pulled = await world.store.pull('products', { after: 0, limit: 100, scope: ALL });
    expect(pulled.documents.find((p) => p.id === product.id)?.packs).toEqual(packs);
    // A look-up by barcode finds the product by a pack's barcode as by its own.
    for (const code of ['CASE-12', 'EACH-1']) {
      expect((await world.store.findProducts({ barcode: code, limit: 10 })).items.map((x) => x.id)).toEqual([
        product.id,
      ]);
      expect((await world.store.findProducts({ q: code, limit: 10 })).items[0]?.id).toBe(product.id);
    }
    // Products without packs read an empty list.
    expect((await world.store.getProduct(world.p[0]))?.packs).toEqual([]);
  });

  it('a pack barcode may not be another product’s barcode or pack, nor a product barcode another’s pack', async () => {
    const [p] = world.p;
    await expect(create('SKU-X', { packs: [{ barcode: P_BARCODE, quantity: 6 }] })).rejects.toEqual(
      duplicate('packs', P_BARCODE),
    );
    const { product: cased } = await create('SKU-C', { packs: [{ barcode: 'CASE-12', quantity: 12 }] });
    await expect(create('SKU-Y', { packs: [{ barcode: 'CASE-12', quantity: 24 }] })).rejects.toEqual(
      duplicate('packs', 'CASE-12'),
    );
    await expect(create('SKU-Z', { barcode: 'CASE-12' })).rejects.toEqual(duplicate('barcode'));
    await expect(update(p, { barcode: 'CASE-12' })).rejects.toBeInstanceOf(DuplicateKeyError);
    await expect(update(p, { packs: [{ barcode: Q_BARCODE, quantity: 2 }] })).rejects.toEqual(
      duplicate('packs', Q_BARCODE),
    );
    // Nothing of the refused writes stayed.
    expect((await allProducts()).map((x) => x.sku).sort()).toEqual(['SKU-C', 'SKU-P', 'SKU-Q']);
    expect(await world.store.getProduct(p)).toMatchObject({ barcode: P_BARCODE, packs: [] });
    expect((await world.store.getProduct(cased.id))?.packs).toEqual([{ barcode: 'CASE-12', quantity: 12 }]);
  });

  it('one product cannot carry a code twice (its own barcode as a pack)', async () => {
    const [p] = world.p;
    await expect(update(p, { name: 'Renamed', packs: [{ barcode: P_BARCODE, quantity: 10 }] })).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    expect(await world.store.getProduct(p)).toMatchObject({ name: 'Blue Pallet Jack', packs: [] });
  });

  it('an update replaces the packs: codes it drops are free again, a patch without packs keeps them', async () => {
    const [p, q] = world.p;
    await update(p, {
      packs: [
        { barcode: 'OLD-6', quantity: 6 },
        { barcode: 'KEEP-12', quantity: 12 },
      ],
    });
    const renamed = await update(p, { name: 'Renamed jack' });
    expect(renamed?.product.packs).toHaveLength(2);
    const replaced = await update(p, { packs: [{ barcode: 'KEEP-12', quantity: 24 }] });
    expect(replaced?.product.packs).toEqual([{ barcode: 'KEEP-12', quantity: 24 }]);
    expect(replaced?.changes.products[0]?.packs).toEqual([{ barcode: 'KEEP-12', quantity: 24 }]);
    // The dropped pack barcode and P's old barcode can go to another product now.
    await update(p, { barcode: 'P-NEW' });
    await expect(update(q, { packs: [{ barcode: 'OLD-6', quantity: 6 }] })).resolves.not.toBeNull();
    await expect(update(q, { barcode: P_BARCODE })).resolves.not.toBeNull();
    await expect(update(q, { barcode: 'KEEP-12' })).rejects.toBeInstanceOf(DuplicateKeyError);
    expect((await update(p, { packs: [] }))?.product.packs).toEqual([]);
    await expect(update(q, { barcode: 'KEEP-12' })).resolves.not.toBeNull();
  });

  it('an import carries packs and a clash aborts the whole batch', async () => {
    const [p] = world.p;
    const fresh = randomUUID();
    await world.store.upsertProducts({
      lines: [
        {
          kind: 'create',
          id: fresh,
          sku: 'IMP-1',
          name: 'Imported',
          barcode: 'IMP-EACH',
          description: null,
          category: null,
          unit: 'pairs',
          packs: [{ barcode: 'IMP-CASE', quantity: 12 }],
        },
        { kind: 'update', id: p, patch: { packs: [{ barcode: 'P-CASE', quantity: 4 }] } },
      ],
      now: LATER,
    });
    expect((await world.store.getProduct(fresh))?.packs).toEqual([{ barcode: 'IMP-CASE', quantity: 12 }]);
    expect((await world.store.getProduct(p))?.packs).toEqual([{ barcode: 'P-CASE', quantity: 4 }]);
    const clash = world.store.upsertProducts({
      lines: [
        { kind: 'update', id: p, patch: { name: 'Should not stay' } },
        {
          kind: 'create',
          id: randomUUID(),
          sku: 'IMP-2',
          name: 'Clash',
          barcode: null,
          description: null,
          category: null,
          unit: null,
          packs: [{ barcode: 'IMP-CASE', quantity: 6 }],
        },
      ],
      now: LATER,
    });
    await expect(clash).rejects.toBeInstanceOf(DuplicateKeyError);
    expect(await world.store.getProduct(p)).toMatchObject({ name: 'Blue Pallet Jack' });
    expect((await allProducts()).map((x) => x.sku)).not.toContain('IMP-2');
  });

  it('a pack barcode resolves an unknown code like a product barcode does', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.store.reportUnknownCode({
      id: randomUUID(),
      code: 'SEEN-CASE',
      warehouseId: a,
      deviceId: 'dev-1',
      userId: world.userId,
      scannedAt: NOW,
    });
    expect(await world.store.listUnknownCodes({ scope: ALL, limit: 10 })).toHaveLength(1);
    await update(p, { packs: [{ barcode: 'SEEN-CASE', quantity: 12 }] });
    expect(await world.store.listUnknownCodes({ scope: ALL, limit: 10 })).toEqual([]);
  });
}
