import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DeviceStatus,
  ImportResult,
  LedgerPage,
  Product,
  ProductPage,
  StockRow,
  Warehouse,
} from '@stockline/protocol';
import { movement, type Api } from '@stockline/test/support/api';
import { eventually, openSocket, startTestServer, type TestServer } from './support/harness';
import { ledgerMismatches } from '@stockline/domain';
import { makeStaff, type Staff } from './support/world';

/** Back-office endpoints over real HTTP: edits, archiving, users, CSV in and out, ledger, desk. */

async function upload(
  api: Api,
  path: string,
  body: string | Buffer,
  contentType = 'text/csv',
): Promise<{ status: number; body: any }> {
  const res = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${api.token}` },
    body,
  }).catch((error: unknown) => ({ status: -1, text: async () => String(error) }));
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

async function download(
  api: Api,
  path: string,
  accept = 'text/csv',
): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(api.baseUrl + path, { headers: { accept, authorization: `Bearer ${api.token}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const importProducts = (api: Api, csv: string | Buffer, query = 'dryRun=false') =>
  upload(api, `/api/v1/import/products?${query}`, csv);

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

  describe('POST /import/products', () => {
    const header = 'sku,name,barcode,description,category,unit';

    it('a dry run answers exactly what the import then does; re-importing changes nothing', async () => {
      await t.admin.createProduct({ sku: 'IMP-EXISTING', name: 'Old name' });
      const csv = [header, 'IMP-1,Hammer,IMP-BC-1,,Tools,pcs', 'IMP-2,Saw,,,Tools,', 'IMP-EXISTING,New name,,,,'].join(
        '\n',
      );
      const dry = await importProducts(s.as.managerA, csv, 'dryRun=true');
      expect(dry).toMatchObject({
        status: 200,
        body: { dryRun: true, applied: false, created: 2, updated: 1, unchanged: 0, errors: [] },
      });
      expect((await t.admin.request<ProductPage>('GET', '/api/v1/products?q=IMP-1')).body.items).toEqual([]);
      const real = await importProducts(s.as.managerA, csv);
      expect(real.body).toEqual({ ...dry.body, dryRun: false, applied: true });
      expect((await t.admin.request<ProductPage>('GET', '/api/v1/products?q=IMP-1')).body.items).toEqual([
        expect.objectContaining({ sku: 'IMP-1', name: 'Hammer', barcode: 'IMP-BC-1', category: 'Tools', unit: 'pcs' }),
      ]);
      const again = await importProducts(s.as.managerA, csv);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, errors: [], applied: false });
    });

    it('reads Excel habits: BOM, semicolons, quoted fields with separators and line breaks, CRLF', async () => {
      const csv = `\uFEFFSKU;Name;Barcode;Description\r\nXL-1;"Bolt; M8 ""zinc""";XL-BC-1;\r\nXL-2;Two;;"Two\r\nlines"\r\n`;
      const res = await importProducts(s.as.managerA, csv);
      expect(res.body).toMatchObject({ created: 2, errors: [], applied: true });
      const found = await t.admin.request<ProductPage>('GET', '/api/v1/products?q=XL-BC-1');
      expect(found.body.items[0]).toMatchObject({ sku: 'XL-1', name: 'Bolt; M8 "zinc"' });
    });

    it('reports bad lines by spreadsheet line number and applies nothing unless asked to skip them', async () => {
      await t.admin.createProduct({ sku: 'TAKEN', barcode: 'TAKEN-BC' });
      const csv = [
        header,
        'BAD-1,Fine,,,,', // line 2
        ',No sku,,,,', // line 3
        'BAD-1,Repeat,,,,', // line 4: duplicate SKU in the file
        'BAD-3,Dup barcode,TAKEN-BC,,,', // line 5: barcode of another product
        'BAD-4,Too many,,,,,extra', // line 6
        '', // line 7: blank, skipped
        'BAD-5,Also fine,B5,,,', // line 8
        'BAD-6,Same barcode,B5,,,', // line 9: barcode repeated in the file
      ].join('\n');
      const res = await importProducts(s.as.managerA, csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ applied: false, created: 2, skipInvalid: false });
      expect((res.body as ImportResult).errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 9]);
      expect((res.body as ImportResult).errors[0]?.message).toMatch(/missing SKU/);
      expect((await t.admin.request<ProductPage>('GET', '/api/v1/products?q=BAD-1')).body.items).toEqual([]);
      const skipped = await importProducts(s.as.managerA, csv, 'dryRun=false&skipInvalid=true');
      expect(skipped.body).toMatchObject({ applied: true, created: 2, skipInvalid: true });
      expect((await t.admin.request<ProductPage>('GET', '/api/v1/products?q=BAD-5')).body.items).toHaveLength(1);
    });

    it('refuses a wrong header, binary garbage, a 10 MB file, another content type, and clerks', async () => {
      const wrong = await importProducts(s.as.managerA, 'code,title\nA,B\n');
      expect(wrong).toMatchObject({
        status: 400,
        body: { error: { code: 'validation_failed', details: { expected: expect.arrayContaining(['sku', 'name']) } } },
      });
      const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      expect((await importProducts(s.as.managerA, binary)).status).toBe(400);
      const invalidUtf8 = Buffer.concat([Buffer.from('sku,name\nA,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]);
      expect((await importProducts(s.as.managerA, invalidUtf8)).status).toBe(400);
      const big = `${header}\n${'X-1,'.padEnd(200, 'y')}\n`.repeat(Math.ceil((10 * 1024 * 1024) / 200));
      expect((await importProducts(s.as.managerA, big)).status).toBe(413);
      expect((await upload(s.as.managerA, '/api/v1/import/products', '{"sku":"x"}', 'application/json')).status).toBe(
        415,
      );
      expect((await importProducts(s.as.clerkA, `${header}\nC-1,Clerk,,,,`)).status).toBe(403);
      expect((await importProducts(s.as.managerA, '')).status).toBe(400);
      expect((await importProducts(s.as.managerA, `${header}\nQ-1,x,,,,`, 'dryRun=maybe')).status).toBe(400);
    });
  });

  describe('POST /import/stock', () => {
    it('records opening stock as counts (ledger = stock), sets thresholds and reorder quantities, in scope only', async () => {
      await importProducts(t.admin, 'sku,name\nST-1,Stock one\nST-2,Stock two\n');
      const csv = 'sku;qty;threshold;reorderQty\nST-1;12;5;20\nST-2;0;3;\nNOPE;1;;\n';
      const path = (w: string, q: string) => `/api/v1/import/stock?warehouseId=${w}&${q}`;
      expect((await upload(s.as.managerB, path(a.id, 'dryRun=true'), csv)).status).toBe(403);
      const dry = await upload(s.as.managerA, path(a.id, 'dryRun=true'), csv);
      expect(dry.body).toMatchObject({
        created: 2,
        updated: 0,
        unchanged: 0,
        errors: [{ line: 4, message: 'unknown SKU NOPE' }],
      });
      const real = await upload(s.as.managerA, path(a.id, 'dryRun=false&skipInvalid=true'), csv);
      expect(real.body).toMatchObject({ created: 2, applied: true });
      const rows = (await s.as.managerA.request<{ items: StockRow[] }>('GET', `/api/v1/stock?warehouseId=${a.id}`)).body
        .items;
      const products = (await t.admin.request<ProductPage>('GET', '/api/v1/products?q=Stock')).body.items;
      const one = products.find((p) => p.sku === 'ST-1') as Product;
      expect(rows.find((r) => r.productId === one.id)).toMatchObject({ qty: 12, threshold: 5, reorderQty: 20 });
      expect(ledgerMismatches((await t.admin.stockList()).items, await t.admin.ledger())).toEqual([]);
      const again = await upload(s.as.managerA, path(a.id, 'dryRun=false&skipInvalid=true'), csv);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    });

    it('raises alerts only for rows that end below their threshold, none raised and resolved on the way', async () => {
      await importProducts(t.admin, 'sku,name\nAL-1,Alert one\nAL-2,Alert two\nAL-3,Alert three\n');
      const ids = new Map(
        (await t.admin.request<ProductPage>('GET', '/api/v1/products?q=Alert')).body.items.map((p) => [p.sku, p.id]),
      );
      const alertsOf = async (sku: string) =>
        (
          await s.as.managerA.request<{ items: Array<{ status: string; qty: number; threshold: number }> }>(
            'GET',
            `/api/v1/alerts?productId=${ids.get(sku)}`,
          )
        ).body.items;
      const path = `/api/v1/import/stock?warehouseId=${a.id}&dryRun=false`;
      // Opening stock with thresholds: AL-1 and AL-3 end above theirs, AL-2 below.
      expect(
        (await upload(s.as.managerA, path, 'sku,qty,threshold\nAL-1,12,5\nAL-2,1,4\nAL-3,7,2\n')).body,
      ).toMatchObject({ created: 3, applied: true });
      expect(await alertsOf('AL-1')).toEqual([]);
      expect(await alertsOf('AL-2')).toEqual([expect.objectContaining({ status: 'open', qty: 1, threshold: 4 })]);
      // AL-1: less stock and a lower threshold it stays above; AL-3: more stock and a higher threshold it stays above.
      expect((await upload(s.as.managerA, path, 'sku,qty,threshold\nAL-1,2,1\nAL-3,20,10\n')).body).toMatchObject({
        updated: 2,
        applied: true,
      });
      expect(await alertsOf('AL-1')).toEqual([]);
      expect(await alertsOf('AL-3')).toEqual([]);
      expect(ledgerMismatches((await t.admin.stockList()).items, await t.admin.ledger())).toEqual([]);
    });
  });

  describe('exports and the ledger', () => {
    it('exports the catalogue in a form the import reads back unchanged', async () => {
      const risky = await t.admin.createProduct({
        sku: 'FORMULA-1',
        name: '=HYPERLINK("http://x","click")',
        description: '-3 dB',
      });
      const csv = await download(s.as.managerA, '/api/v1/export/products');
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/text\/csv/);
      expect(csv.text).toMatch(/^\uFEFF?id,sku,name,barcode,description,category,unit,packs,archived\r\n/);
      expect(csv.text).toContain(`${risky.id},FORMULA-1,"'=HYPERLINK(""http://x"",""click"")",,'-3 dB,`);
      const count = (await t.store.findProducts({ limit: 100_000 })).items.length;
      const reimport = await importProducts(s.as.managerA, csv.text, 'dryRun=true');
      expect(reimport.body).toMatchObject({ created: 0, updated: 0, unchanged: count, errors: [] });
      expect((await download(s.as.clerkA, '/api/v1/export/products')).status).toBe(403);
    });

    it('exports stock of a warehouse in scope only', async () => {
      const csv = await download(s.as.managerA, `/api/v1/export/stock?warehouseId=${a.id}`);
      expect(csv.status).toBe(200);
      expect(csv.text).toMatch(/^\uFEFF?sku,name,qty,threshold,reorderQty,updatedAt,bins\r\n/);
      expect(csv.text).toContain('ST-1,Stock one,12,5,20,');
      expect((await download(s.as.managerA, `/api/v1/export/stock?warehouseId=${b.id}`)).status).toBe(403);
    });

    it('filters the ledger and names who did what; streams it as CSV on Accept: text/csv', async () => {
      await s.as.clerkA.push([
        movement({ type: 'restock', warehouseId: a.id, productId: s.product.id, quantity: 2, deviceId: 'ledger-dev' }),
        movement({
          type: 'purchase',
          warehouseId: a.id,
          productId: s.product.id,
          quantity: 999,
          deviceId: 'ledger-dev',
        }),
      ]);
      const page = await s.as.managerA.request<LedgerPage>(
        'GET',
        `/api/v1/movements?deviceId=ledger-dev&userId=${s.users.clerkA.id}`,
      );
      expect(page.body.items.map((m) => [m.type, m.verdict.status, m.username])).toEqual([
        ['purchase', 'rejected', 'clerk-a'],
        ['restock', 'applied', 'clerk-a'],
      ]);
      const rejected = await s.as.managerA.request<LedgerPage>(
        'GET',
        `/api/v1/movements?status=rejected&type=purchase&warehouseId=${a.id}`,
      );
      expect(rejected.body.items.every((m) => m.verdict.status === 'rejected' && m.type === 'purchase')).toBe(true);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(
        (await s.as.managerA.request<LedgerPage>('GET', `/api/v1/movements?from=${encodeURIComponent(future)}`)).body
          .items,
      ).toEqual([]);
      expect((await s.as.managerA.request('GET', '/api/v1/movements?type=theft')).status).toBe(400);
      const csv = await download(s.as.managerA, '/api/v1/movements?deviceId=ledger-dev');
      expect(csv.type).toMatch(/text\/csv/);
      const lines = csv.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).toMatch(/^recordedAt,occurredAt,type,/);
      expect(lines.slice(1).map((l) => l.split(',')[2])).toEqual(['purchase', 'restock']);
      expect(lines[1]).toContain('clerk-a');
      expect((await download(s.as.clerkA, `/api/v1/movements?warehouseId=${b.id}`)).status).toBe(403);
    });

    it('keeps alert history: raised, acknowledged by whom, resolved', async () => {
      const p = await t.admin.createProduct();
      await t.admin.setThreshold(a.id, p.id, 5);
      const open = (
        await s.as.managerA.request<{ items: Array<{ id: string; status: string }> }>(
          'GET',
          `/api/v1/alerts?productId=${p.id}`,
        )
      ).body.items;
      expect(open).toHaveLength(1);
      await s.as.managerA.ack(open[0]!.id);
      await t.admin.push([movement({ type: 'restock', warehouseId: a.id, productId: p.id, quantity: 9 })]);
      const history = await s.as.managerA.request<{ items: Array<Record<string, unknown>> }>(
        'GET',
        `/api/v1/alerts?productId=${p.id}`,
      );
      expect(history.body.items).toEqual([
        expect.objectContaining({
          status: 'resolved',
          acknowledgedByName: 'manager-a',
          acknowledgedBy: s.users.managerA.id,
        }),
      ]);
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
