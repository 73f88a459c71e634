import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import type { BinStockRow, Location, MovementInput, StockRowWithLocations } from '@stockline/protocol';
import type { Api } from '@stockline/test/support/api';
import { readSite, siteDifferences } from '../src/services/store-transfer';
import { openStore } from '../src/store/index';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** Locations (bins) over real HTTP: who may make and change them, stock by bin, bin labels, bad input. */

const NOW = new Date().toISOString();

describe('locations API', () => {
  let t: TestServer;
  let s: Staff;
  let shelf: Location;
  let dock: Location;

  const post = (as: Api, warehouseId: string, body: unknown) =>
    as.request<Location>('POST', `/api/v1/warehouses/${warehouseId}/locations`, body);
  const move = (m: Partial<MovementInput> & Pick<MovementInput, 'type'>): MovementInput =>
    ({
      id: randomUUID(),
      warehouseId: s.warehouses.a.id,
      productId: s.product.id,
      occurredAt: NOW,
      ...m,
    }) as MovementInput;

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    shelf = (
      await post(s.as.managerA, s.warehouses.a.id, { code: 'A-01-1', name: 'Aisle 1, top', barcode: 'LOC-A011' })
    ).body;
    dock = (await post(s.as.admin, s.warehouses.a.id, { code: 'DOCK' })).body;
  });
  afterAll(() => t?.close());

  it('lets managers and admins in scope make locations; clerks and other warehouses are refused', async () => {
    expect(shelf).toMatchObject({ code: 'A-01-1', name: 'Aisle 1, top', barcode: 'LOC-A011', archived: false });
    expect(dock).toMatchObject({ code: 'DOCK', name: 'DOCK', barcode: null });
    expect((await post(s.as.clerkA, s.warehouses.a.id, { code: 'C-1' })).status).toBe(403);
    expect((await post(s.as.managerB, s.warehouses.a.id, { code: 'C-1' })).status).toBe(403);
    expect((await post(s.as.admin, randomUUID(), { code: 'C-1' })).status).toBe(404);
    // Clerks in scope read them (the floor needs the codes); not a warehouse outside their scope.
    const listed = await s.as.clerkA.request<{ items: Location[] }>(
      'GET',
      `/api/v1/warehouses/${s.warehouses.a.id}/locations`,
    );
    expect(listed.body.items.map((l) => l.code)).toEqual(['A-01-1', 'DOCK']);
    expect((await s.as.clerkB.request('GET', `/api/v1/warehouses/${s.warehouses.a.id}/locations`)).status).toBe(403);
  });

  it.each([
    ['a code clash in another case', { code: 'a-01-1' }, 409],
    ['a barcode a product has', { code: 'X-1', barcode: '4006381333931' }, 409],
    ['a barcode another location has', { code: 'X-1', barcode: 'LOC-A011' }, 409],
    ['no code', { name: 'Nameless' }, 400],
    ['a code with a space', { code: 'A 1' }, 400],
    ['an unknown field', { code: 'X-1', aisle: 3 }, 400],
  ])('answers %s with %i and makes nothing', async (_what, body, status) => {
    const reply = await post(s.as.admin, s.warehouses.a.id, body);
    expect(reply.status).toBe(status);
    const listed = await s.as.admin.request<{ items: Location[] }>(
      'GET',
      `/api/v1/warehouses/${s.warehouses.a.id}/locations`,
    );
    expect(listed.body.items).toHaveLength(2);
  });

  it('refuses a product whose barcode a location carries (409), on create and on edit', async () => {
    const created = await s.as.admin.request('POST', '/api/v1/products', {
      sku: 'BIN-CLASH',
      name: 'Clash',
      barcode: 'LOC-A011',
    });
    expect(created).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', details: { field: 'barcode' } } },
    });
    const edited = await s.as.admin.request('PATCH', `/api/v1/products/${s.product.id}`, { barcode: 'LOC-A011' });
    expect(edited.status).toBe(409);
    expect(
      (await s.as.admin.request<{ barcode: string }>('GET', `/api/v1/products/${s.product.id}`)).body.barcode,
    ).toBe('4006381333931');
  });

  it('keeps pack barcodes and location barcodes apart (409 either way), changing nothing', async () => {
    const url = `/api/v1/products/${s.product.id}`;
    const onPack = await s.as.admin.request('PATCH', url, { packs: [{ barcode: 'LOC-A011', quantity: 12 }] });
    expect(onPack).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: { field: 'packs' } } } });
    expect((await s.as.admin.request<{ packs: unknown[] }>('GET', url)).body.packs).toEqual([]);
    expect((await s.as.admin.request('PATCH', url, { packs: [{ barcode: 'CASE-OF-12', quantity: 12 }] })).status).toBe(
      200,
    );
    const bin = await post(s.as.admin, s.warehouses.a.id, { code: 'X-2', barcode: 'CASE-OF-12' });
    expect(bin.status).toBe(409);
    expect((await s.as.admin.request('PATCH', url, { packs: [] })).status).toBe(200);
  });

  it('PATCH changes name, barcode and archived for managers in scope, with clear refusals', async () => {
    const spare = (await post(s.as.admin, s.warehouses.a.id, { code: 'SPARE', barcode: 'LOC-SPARE' })).body;
    const patch = (as: Api, id: string, body: unknown) =>
      as.request<Location>('PATCH', `/api/v1/locations/${id}`, body);
    expect((await patch(s.as.clerkA, spare.id, { name: 'x' })).status).toBe(403);
    expect((await patch(s.as.managerB, spare.id, { name: 'x' })).status).toBe(403);
    expect((await patch(s.as.managerA, randomUUID(), { name: 'x' })).status).toBe(404);
    expect((await patch(s.as.managerA, 'not-an-id', { name: 'x' })).status).toBe(404);
    expect((await patch(s.as.managerA, spare.id, {})).status).toBe(400);
    expect((await patch(s.as.managerA, spare.id, { code: 'NEW' })).status).toBe(400);
    expect((await patch(s.as.managerA, spare.id, { barcode: 'LOC-A011' })).status).toBe(409);
    const changed = await patch(s.as.managerA, spare.id, { name: 'Spare bin', barcode: null, archived: true });
    expect(changed).toMatchObject({ status: 200, body: { name: 'Spare bin', barcode: null, archived: true } });
    // An archived bin takes no movements.
    const refused = await s.as.clerkA.push([move({ type: 'restock', quantity: 1, locationId: spare.id })]);
    expect(refused.results[0]).toMatchObject({ status: 'rejected', reason: 'archived' });
  });

  it('GET /stock/:w/:p lists the bins holding the product; GET /stock?warehouseId&locationId lists one bin', async () => {
    const { a } = s.warehouses;
    const pushed = await s.as.clerkA.push([
      move({ type: 'restock', quantity: 12, locationId: dock.id }),
      move({ type: 'transfer', toWarehouseId: a.id, quantity: 5, locationId: dock.id, toLocationId: shelf.id }),
      move({ type: 'restock', quantity: 3 }),
    ]);
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const row = await s.as.clerkA.request<StockRowWithLocations>('GET', `/api/v1/stock/${a.id}/${s.product.id}`);
    expect(row.body).toMatchObject({
      qty: 15,
      locations: [
        { locationId: shelf.id, code: 'A-01-1', qty: 5 },
        { locationId: dock.id, code: 'DOCK', qty: 7 },
      ],
    });
    const other = await s.as.admin.request<StockRowWithLocations>(
      'GET',
      `/api/v1/stock/${s.warehouses.b.id}/${s.product.id}`,
    );
    // A warehouse without locations answers the row as before bins.
    expect(other.body).not.toHaveProperty('locations');

    const bin = await s.as.clerkA.request<{ items: BinStockRow[] }>(
      'GET',
      `/api/v1/stock?warehouseId=${a.id}&locationId=${shelf.id}`,
    );
    expect(bin.body.items).toMatchObject([{ productId: s.product.id, locationId: shelf.id, qty: 5 }]);
    expect((await s.as.clerkA.request('GET', `/api/v1/stock?locationId=${shelf.id}`)).status).toBe(400);
    expect((await s.as.clerkA.request('GET', `/api/v1/stock?warehouseId=${a.id}&locationId=nope`)).status).toBe(400);
    expect(
      (await s.as.clerkA.request('GET', `/api/v1/stock?warehouseId=${a.id}&locationId=${randomUUID()}`)).status,
    ).toBe(404);
    expect((await s.as.clerkB.request('GET', `/api/v1/stock?warehouseId=${a.id}&locationId=${shelf.id}`)).status).toBe(
      403,
    );
    expect(
      (await s.as.admin.request('GET', `/api/v1/stock?warehouseId=${s.warehouses.b.id}&locationId=${shelf.id}`)).status,
    ).toBe(404);

    // A sale from the shelf beyond what is on it is refused though the warehouse holds enough.
    const sale = await s.as.clerkA.push([move({ type: 'purchase', quantity: 6, locationId: shelf.id })]);
    expect(sale.results[0]).toMatchObject({ status: 'rejected', reason: 'insufficient_stock' });
    const unknown = await s.as.clerkA.push([move({ type: 'purchase', quantity: 1, locationId: randomUUID() })]);
    expect(unknown.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown_location' });
  });

  it('refuses a transfer to the same bin of the same warehouse as bad input', async () => {
    const same = move({
      type: 'transfer',
      toWarehouseId: s.warehouses.a.id,
      quantity: 1,
      locationId: shelf.id,
      toLocationId: shelf.id,
    });
    expect((await s.as.clerkA.request('POST', '/api/v1/movements', { movements: [same] })).status).toBe(400);
  });

  it.each(['5', '6'])(
    'a device at protocol %s pulls stock rows with no new field and pushes as before',
    async (version) => {
      const old = { 'x-stockline-protocol': version };
      const pushed = await s.as.clerkA.request<{ results: Array<{ status: string }> }>(
        'POST',
        '/api/v1/movements',
        { movements: [move({ type: 'restock', quantity: 1 })] },
        old,
      );
      expect(pushed.body.results[0]?.status).toBe('applied');
      const pulled = await s.as.clerkA.request<{ documents: Array<Record<string, unknown>> }>(
        'GET',
        '/api/v1/sync/stock?after=0&limit=100',
        undefined,
        old,
      );
      const row = pulled.body.documents.find((d) => d.productId === s.product.id);
      expect(Object.keys(row ?? {}).sort()).toEqual(
        ['productId', 'qty', 'reorderQty', 'threshold', 'updatedAt', 'version', 'warehouseId'].sort(),
      );
    },
  );

  it('a device at protocol 7 pulls the locations of its warehouses, archived ones too, and stock rows with their bins', async () => {
    const { a, b } = s.warehouses;
    const current = { 'x-stockline-protocol': '7' };
    const elsewhere = (await post(s.as.admin, b.id, { code: 'B-ONLY' })).body;
    const pull = <T>(as: Api, path: string) =>
      as.request<{ documents: T[]; checkpoint: { seq: number }; remaining: number }>('GET', path, undefined, current);
    const mine = await pull<Location>(s.as.clerkA, '/api/v1/sync/locations?after=0&limit=1');
    expect(mine.status).toBe(200);
    expect(mine.body.documents).toHaveLength(1);
    const all: Location[] = [...mine.body.documents];
    let after = mine.body.checkpoint.seq;
    for (let left = mine.body.remaining; left > 0;) {
      const page = await pull<Location>(s.as.clerkA, `/api/v1/sync/locations?after=${after}&limit=1`);
      all.push(...page.body.documents);
      after = page.body.checkpoint.seq;
      left = page.body.remaining;
    }
    const codes = all.map((l) => l.code);
    expect(codes).toEqual(expect.arrayContaining(['A-01-1', 'DOCK', 'SPARE']));
    expect(codes).not.toContain('B-ONLY');
    expect(all.find((l) => l.code === 'SPARE')).toMatchObject({ archived: true });
    expect((await pull<Location>(s.as.clerkB, '/api/v1/sync/locations?after=0')).body.documents).toEqual([
      expect.objectContaining({ id: elsewhere.id }),
    ]);
    // A rename is pulled again after the checkpoint the device holds, once.
    await s.as.managerA.request('PATCH', `/api/v1/locations/${dock.id}`, { name: 'Dock door 1' });
    const renamed = await pull<Location>(s.as.clerkA, `/api/v1/sync/locations?after=${after}`);
    expect(renamed.body.documents.map((l) => [l.code, l.name])).toEqual([['DOCK', 'Dock door 1']]);

    const stock = await pull<Record<string, unknown>>(s.as.clerkA, '/api/v1/sync/stock?after=0&limit=1000');
    const row = stock.body.documents.find((d) => d.warehouseId === a.id && d.productId === s.product.id);
    expect(row?.bins).toEqual({ [dock.id]: 7, [shelf.id]: 5 });
    // Warehouse B is to have no active location again (the labels test below).
    await s.as.admin.request('PATCH', `/api/v1/locations/${elsewhere.id}`, { archived: true });
  });

  it('the store move carries the locations and the stock in each bin', async () => {
    const site = await readSite(t.store);
    expect(site.locations.map((l) => l.code)).toEqual(expect.arrayContaining(['DOCK', 'SPARE']));
    expect(site.bins.length).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'stockline-bins-move-'));
    const moved = await openStore({ kind: 'sqlite', file: join(dir, 'stockline.db') });
    try {
      await moved.loadSite(site);
      expect(siteDifferences(site, await readSite(moved))).toEqual([]);
    } finally {
      await moved.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a warehouse’s active locations as labels for managers in scope', async () => {
    const get = (as: Api, query: string) =>
      fetch(`${t.url}/api/v1/labels/locations.pdf?${query}`, { headers: { authorization: `Bearer ${as.token!}` } });
    const query = `warehouseId=${s.warehouses.a.id}&layout=roll-62mm`;
    const reply = await get(s.as.managerA, query);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    // Two active locations (SPARE is archived): one roll label each.
    const pdf = await PDFDocument.load(await reply.arrayBuffer());
    expect(pdf.getPageCount()).toBe(2);
    expect((await get(s.as.clerkA, query)).status).toBe(403);
    expect((await get(s.as.managerB, query)).status).toBe(403);
    expect((await get(s.as.admin, `warehouseId=${s.warehouses.a.id}&layout=a5`)).status).toBe(400);
    expect((await get(s.as.admin, `warehouseId=${s.warehouses.b.id}&layout=a4-3x8`)).status).toBe(404);
  });
});
