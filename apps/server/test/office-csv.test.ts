import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportResult, LedgerPage, Product, ProductPage, StockRow, Warehouse } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { ledgerMismatches } from '@stockline/domain';
import { startTestServer, type TestServer } from './support/harness';
import { download, importProducts, upload } from './support/csv-http';
import { makeStaff, type Staff } from './support/world';

/** The back office's CSV over real HTTP: product and stock imports, exports, and the ledger. */

describe('back office: CSV in and out, the ledger', () => {
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
});
