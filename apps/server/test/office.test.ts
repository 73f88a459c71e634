import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus, Product, ProductPage, Warehouse } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { eventually, openSocket, startTestServer, type TestServer } from './support/harness';
import { importProducts } from './support/csv-http';
import { makeStaff, type Staff } from './support/world';

/** Back-office endpoints over real HTTP: edits, archiving, users, the catalogue list and the desk (CSV in and out and the ledger: office-csv.test.ts). */

describe('back office', () => {
  let t: TestServer;
  let s: Staff;
  let a: Warehouse;
  let b: Warehouse;

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    ({ a, b } = s.warehouses);
  });
  afterAll(() => t?.close());

  describe('PATCH /products/:id', () => {
    it('lets managers and admins edit, refuses clerks, and answers 409 on a taken SKU or barcode', async () => {
      const p = await t.admin.createProduct({ sku: 'EDIT-1', barcode: 'EDIT-BC-1' });
      await t.admin.createProduct({ sku: 'EDIT-2', barcode: 'EDIT-BC-2' });
      const before = await s.as.clerkA.pull('products');
      expect((await s.as.clerkA.request('PATCH', `/api/v1/products/${p.id}`, { name: 'x' })).status).toBe(403);
      const edited = await s.as.managerA.request<Product>('PATCH', `/api/v1/products/${p.id}`, {
        name: 'Edited name',
        unit: 'box',
        barcode: null,
      });
      expect(edited).toMatchObject({
        status: 200,
        body: { id: p.id, name: 'Edited name', unit: 'box', barcode: null, archived: false },
      });
      expect(await s.as.managerA.request('PATCH', `/api/v1/products/${p.id}`, { sku: 'EDIT-2' })).toMatchObject({
        status: 409,
        body: { error: { details: { field: 'sku' } } },
      });
      expect(await s.as.managerA.request('PATCH', `/api/v1/products/${p.id}`, { barcode: 'EDIT-BC-2' })).toMatchObject({
        status: 409,
        body: { error: { details: { field: 'barcode' } } },
      });
      expect((await s.as.managerA.request('PATCH', `/api/v1/products/${p.id}`, {})).status).toBe(400);
      expect((await s.as.managerA.request('PATCH', `/api/v1/products/${p.id}`, { price: 3 })).status).toBe(400);
      expect(
        (await s.as.managerA.request('PATCH', '/api/v1/products/00000000-0000-4000-8000-000000000000', { name: 'x' }))
          .status,
      ).toBe(404);
      // The edit reaches every replica through the normal pull.
      const after = await s.as.clerkA.pull('products', { after: before.checkpoint.seq });
      expect(after.documents).toEqual([expect.objectContaining({ id: p.id, name: 'Edited name', unit: 'box' })]);
    });

    it('an archived product takes counts but no other movement', async () => {
      const p = await t.admin.createProduct();
      await t.admin.push([movement({ type: 'restock', warehouseId: a.id, productId: p.id, quantity: 5 })]);
      await s.as.managerA.request('PATCH', `/api/v1/products/${p.id}`, { archived: true });
      const { results } = await s.as.clerkA.push([
        movement({ type: 'purchase', warehouseId: a.id, productId: p.id, quantity: 1 }),
        movement({ type: 'count', warehouseId: a.id, productId: p.id, countedQty: 0, expectedQty: 5 }),
      ]);
      expect(results.map((r) => r.reason ?? r.status)).toEqual(['archived', 'applied']);
    });
  });

  describe('PATCH /warehouses/:id', () => {
    it('is for admins; an archived warehouse refuses new movements and keeps its history readable', async () => {
      const w = await t.admin.createWarehouse({ code: 'ARCH' });
      const clerk = await t.admin.createUser({ username: 'arch-clerk', role: 'clerk', warehouseIds: [w.id] });
      const api = await t.login('arch-clerk');
      await api.push([movement({ type: 'restock', warehouseId: w.id, productId: s.product.id, quantity: 4 })]);
      expect((await s.as.managerA.request('PATCH', `/api/v1/warehouses/${w.id}`, { archived: true })).status).toBe(403);
      expect(
        await t.admin.request<Warehouse>('PATCH', `/api/v1/warehouses/${w.id}`, { name: 'Old depot', archived: true }),
      ).toMatchObject({
        status: 200,
        body: { id: w.id, name: 'Old depot', archived: true, code: 'ARCH' },
      });
      const { results } = await api.push([
        movement({ type: 'restock', warehouseId: w.id, productId: s.product.id, quantity: 1 }),
        movement({ type: 'count', warehouseId: w.id, productId: s.product.id, countedQty: 1, expectedQty: 4 }),
      ]);
      expect(results.map((r) => r.reason)).toEqual(['archived', 'archived']);
      expect(await api.ledger({ warehouseId: w.id })).toHaveLength(3);
      expect((await t.admin.request('PATCH', `/api/v1/warehouses/${w.id}`, { code: 'NEW' })).status).toBe(400);
      expect(clerk.active).toBe(true);
    });
  });

  describe('users', () => {
    it('a deactivated user is refused at once: requests, login and live sockets', async () => {
      const user = await t.admin.createUser({ username: 'leaver', role: 'clerk', warehouseIds: [a.id] });
      const api = await t.login('leaver');
      const socket = await openSocket(t.url, { token: api.token });
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      expect(await t.admin.request('PATCH', `/api/v1/users/${user.id}`, { active: false })).toMatchObject({
        status: 200,
        body: { active: false },
      });
      expect(await dropped).toBe('io server disconnect');
      expect((await api.request('GET', '/api/v1/warehouses')).status).toBe(401);
      await expect(t.login('leaver')).rejects.toThrow(/401/);
      await expect(openSocket(t.url, { token: api.token })).rejects.toThrow();
      const adminId = (await t.store.findUserByUsername('admin'))?.id;
      expect((await t.admin.request('PATCH', `/api/v1/users/${adminId}`, { active: false })).status).toBe(403);
      await t.admin.request('PATCH', `/api/v1/users/${user.id}`, { active: true });
      expect((await (await t.login('leaver')).request('GET', '/api/v1/warehouses')).status).toBe(200);
    });
  });

  describe('catalogue list and the desk', () => {
    it('pages the list with a cursor and searches name substrings, SKUs and barcodes', async () => {
      await importProducts(
        t.admin,
        [
          'sku,name,barcode',
          ...Array.from({ length: 30 }, (_, i) => `PG-${i},Paging widget ${String(i).padStart(2, '0')},PGB-${i}`),
        ].join('\n'),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: ProductPage } = await s.as.clerkA.request<ProductPage>(
          'GET',
          `/api/v1/products?q=ING%20WID&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...res.body.items.map((p) => p.sku));
        cursor = res.body.nextCursor;
      } while (cursor);
      // Substring matches page newest change first; one import wrote PG-0 .. PG-29 in order.
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `PG-${29 - i}`));
      const byName = await s.as.clerkA.request<ProductPage>('GET', '/api/v1/products?q=pa&limit=3');
      expect(byName.body.items.map((p) => p.name)).toEqual([
        'Paging widget 00',
        'Paging widget 01',
        'Paging widget 02',
      ]);
      expect(
        (await s.as.clerkA.request<ProductPage>('GET', '/api/v1/products?q=PGB-7')).body.items.map((p) => p.sku),
      ).toEqual(['PG-7']);
      expect((await s.as.clerkA.request('GET', '/api/v1/products?cursor=bogus')).status).toBe(400);
      expect((await s.as.clerkA.request('GET', '/api/v1/products?limit=0')).status).toBe(400);
    });

    it('sets reorder quantities like thresholds, in scope, managers and admins only', async () => {
      const path = (w: string) => `/api/v1/stock/${w}/${s.product.id}/reorder`;
      expect((await s.as.clerkA.request('PUT', path(a.id), { reorderQty: 5 })).status).toBe(403);
      expect((await s.as.managerA.request('PUT', path(b.id), { reorderQty: 5 })).status).toBe(403);
      expect((await s.as.managerA.request('PUT', path(a.id), { reorderQty: -1 })).status).toBe(400);
      expect(await s.as.managerA.request('PUT', path(a.id), { reorderQty: 40 })).toMatchObject({
        status: 200,
        body: { reorderQty: 40 },
      });
    });

    it('shows each device’s last contact and reported queue length', async () => {
      await s.as.clerkA.request('GET', '/api/v1/sync/products?deviceId=desk-dev&queued=3');
      await eventually(() => true);
      const devices = await s.as.managerA.request<{ items: DeviceStatus[] }>('GET', '/api/v1/devices');
      expect(devices.body.items).toContainEqual(
        expect.objectContaining({ deviceId: 'desk-dev', username: 'clerk-a', queued: 3 }),
      );
      expect((await s.as.clerkA.request('GET', '/api/v1/devices')).status).toBe(403);
      expect((await s.as.clerkA.request('GET', '/api/v1/sync/products?deviceId=desk-dev&queued=-1')).status).toBe(400);
    });
  });
});
