import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copierOf, Product, PROTOCOL_HEADER, PullPage, type ProductPage } from '@stockline/protocol';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** Pack barcodes over HTTP: products take packs on create and edit; bad input and clashes change nothing. */
let t: TestServer;
let s: Staff;

beforeAll(async () => {
  t = await startTestServer();
  s = await makeStaff(t);
});

afterAll(async () => {
  await t?.close();
});

type ErrorReply = { error: { code: string; message: string; details?: Record<string, unknown> } };

const productsWithSku = async (sku: string) =>
  (await s.as.managerA.request<ProductPage>('GET', `/api/v1/products?q=${sku}`)).body.items.filter(
    (p) => p.sku === sku,
  );

describe('products with packs', () => {
  it('takes packs on create, shows them on every read, finds the product by a pack barcode', async () => {
    const created = await s.as.managerA.request<Product>('POST', '/api/v1/products', {
      sku: 'SHOE-1',
      name: 'Work shoe',
      barcode: '4006381333948',
      unit: 'pairs',
      packs: [{ barcode: '4006381333955', quantity: 12 }],
    });
    expect(created.status).toBe(201);
    expect(created.body.packs).toEqual([{ barcode: '4006381333955', quantity: 12 }]);
    const read = await s.as.clerkA.request<Product>('GET', `/api/v1/products/${created.body.id}`);
    expect(read.body).toMatchObject({ unit: 'pairs', packs: [{ barcode: '4006381333955', quantity: 12 }] });
    const found = await s.as.clerkA.request<ProductPage>('GET', '/api/v1/products?barcode=4006381333955');
    expect(found.body.items.map((p) => p.sku)).toEqual(['SHOE-1']);
    // A device pulls the product with its packs.
    const pulled = await s.as.clerkA.request<{ documents: Product[] }>(
      'GET',
      '/api/v1/sync/products?after=0',
      undefined,
      {
        [PROTOCOL_HEADER]: '6',
      },
    );
    expect(pulled.body.documents.find((p) => p.sku === 'SHOE-1')?.packs).toHaveLength(1);

    // A device at protocol 5 is still served, and reads the page with its own schemas: a product
    // without packs, whose unknown keys it drops, so its stored documents keep their old shape.
    const old = await s.as.clerkA.request('GET', '/api/v1/sync/products?after=0', undefined, {
      [PROTOCOL_HEADER]: '5',
    });
    expect(old.status).toBe(200);
    const v5Product = Product.omit({ packs: true });
    const v5Page = PullPage('products').extend({ documents: v5Product.array() }).parse(old.body);
    const stored = copierOf(v5Product)(v5Page.documents.find((p) => p.sku === 'SHOE-1') as object);
    expect(stored).toMatchObject({ sku: 'SHOE-1', unit: 'pairs' });
    expect(stored).not.toHaveProperty('packs');
  });

  it('answers bad packs 400 and creates nothing', async () => {
    const bad: unknown[] = [
      [{ barcode: 'CASE-A', quantity: 1 }],
      [{ barcode: 'CASE-A', quantity: 2.5 }],
      [{ barcode: 'CASE-A', quantity: 100_001 }],
      [{ barcode: 'CASE A', quantity: 12 }],
      [{ barcode: '', quantity: 12 }],
      [{ barcode: 'CASE-A', quantity: 12, $where: 1 }],
      [{ barcode: 'CASE-A', quantity: 12, extra: true }],
      [
        { barcode: 'CASE-A', quantity: 12 },
        { barcode: 'CASE-A', quantity: 24 },
      ],
      Array.from({ length: 11 }, (_, i) => ({ barcode: `CASE-${i}`, quantity: 2 + i })),
      'CASE-A:12',
      { barcode: 'CASE-A', quantity: 12 },
    ];
    for (const packs of bad) {
      const reply = await s.as.managerA.request<ErrorReply>('POST', '/api/v1/products', {
        sku: 'BAD-1',
        name: 'Bad',
        packs,
      });
      expect(reply.status, JSON.stringify(packs)).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
    const own = await s.as.managerA.request<ErrorReply>('POST', '/api/v1/products', {
      sku: 'BAD-1',
      name: 'Bad',
      barcode: 'SAME-1',
      packs: [{ barcode: 'SAME-1', quantity: 6 }],
    });
    expect(own.status).toBe(400);
    expect(await productsWithSku('BAD-1')).toEqual([]);
  });

  it('answers a pack barcode another product carries 409 naming it, and changes nothing', async () => {
    const taken = await s.as.managerA.request<ErrorReply>('POST', '/api/v1/products', {
      sku: 'DUP-1',
      name: 'Clash',
      packs: [
        { barcode: 'FREE-1', quantity: 6 },
        { barcode: s.product.barcode, quantity: 12 },
      ],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe(`barcode "${s.product.barcode}" already exists`);
    expect(taken.body.error.details).toMatchObject({ field: 'packs', value: s.product.barcode });
    expect(await productsWithSku('DUP-1')).toEqual([]);

    // A product barcode may not be another product's pack barcode either.
    const shoe = (await productsWithSku('SHOE-1'))[0] as Product;
    const asBarcode = await s.as.managerA.request<ErrorReply>('POST', '/api/v1/products', {
      sku: 'DUP-2',
      name: 'Clash',
      barcode: '4006381333955',
    });
    expect(asBarcode.status).toBe(409);
    const patched = await s.as.managerA.request<ErrorReply>('PATCH', `/api/v1/products/${s.product.id}`, {
      name: 'Must not stay',
      packs: [{ barcode: '4006381333955', quantity: 3 }],
    });
    expect(patched.status).toBe(409);
    expect(await s.as.managerA.request<Product>('GET', `/api/v1/products/${s.product.id}`)).toMatchObject({
      body: { name: s.product.name, packs: [] },
    });
    expect((await s.as.managerA.request<Product>('GET', `/api/v1/products/${shoe.id}`)).body.packs).toHaveLength(1);
  });

  it('replaces packs on PATCH ([] removes them); clerks may not edit', async () => {
    const shoe = (await productsWithSku('SHOE-1'))[0] as Product;
    const path = `/api/v1/products/${shoe.id}`;
    expect((await s.as.clerkA.request('PATCH', path, { packs: [] })).status).toBe(403);
    const replaced = await s.as.managerA.request<Product>('PATCH', path, {
      packs: [
        { barcode: 'SHOE-CASE-6', quantity: 6 },
        { barcode: 'SHOE-PALLET', quantity: 480 },
      ],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.packs.map((p) => p.quantity)).toEqual([6, 480]);
    // The dropped pack barcode is free for another product now.
    const other = await s.as.managerA.request<Product>('POST', '/api/v1/products', {
      sku: 'BOOT-1',
      name: 'Boot',
      packs: [{ barcode: '4006381333955', quantity: 10 }],
    });
    expect(other.status).toBe(201);
    const cleared = await s.as.managerA.request<Product>('PATCH', path, { packs: [] });
    expect(cleared.body.packs).toEqual([]);
  });
});

describe('packs in CSV', () => {
  const upload = async (csv: string, dryRun: boolean) => {
    const res = await fetch(`${t.url}/api/v1/import/products?dryRun=${dryRun}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${s.as.managerA.token}` },
      body: csv,
    });
    return { status: res.status, body: (await res.json()) as { errors: { line: number; message: string }[] } };
  };

  it('imports packs from a `packs` column, names each bad cell by line, and exports them back', async () => {
    const csv = [
      'sku,name,unit,packs',
      'GLOVE-1,Gloves,pairs,GLOVE-CASE:12 GLOVE-PALLET:480',
      'GLOVE-2,Gloves 2,pairs,GLOVE-BAD',
      'GLOVE-3,Gloves 3,pairs,GLOVE-ONE:1',
      `GLOVE-4,Gloves 4,pairs,${s.product.barcode}:6`,
      'GLOVE-5,Gloves 5,pairs,GLOVE-CASE:24',
    ].join('\n');
    const dry = await upload(csv, true);
    expect(dry.status).toBe(200);
    expect(dry.body.errors).toEqual([
      { line: 3, message: 'packs: "GLOVE-BAD": write each pack as barcode:quantity, packs separated by spaces' },
      { line: 4, message: expect.stringContaining('packs (GLOVE-ONE:1):') },
      { line: 5, message: `barcode ${s.product.barcode} belongs to another product (SKU SKU-1)` },
      { line: 6, message: 'barcode GLOVE-CASE is already on line 2' },
    ]);
    // A file with errors applies nothing.
    await upload(csv, false);
    expect(await productsWithSku('GLOVE-1')).toEqual([]);

    const good = await upload(
      ['sku,name,unit,packs', 'GLOVE-1,Gloves,pairs,GLOVE-CASE:12 GLOVE-PALLET:480'].join('\n'),
      false,
    );
    expect(good.body).toMatchObject({ created: 1, errors: [] });
    const glove = (await productsWithSku('GLOVE-1'))[0] as Product;
    expect(glove.packs).toEqual([
      { barcode: 'GLOVE-CASE', quantity: 12 },
      { barcode: 'GLOVE-PALLET', quantity: 480 },
    ]);
    const exported = await fetch(`${t.url}/api/v1/export/products`, {
      headers: { accept: 'text/csv', authorization: `Bearer ${s.as.managerA.token}` },
    }).then((r) => r.text());
    expect(exported).toContain(',GLOVE-1,Gloves,,,,pairs,GLOVE-CASE:12 GLOVE-PALLET:480,');
    // A file without the column keeps the packs; an empty cell removes them.
    await upload(['sku,name', 'GLOVE-1,Gloves renamed'].join('\n'), false);
    expect(((await productsWithSku('GLOVE-1'))[0] as Product).packs).toHaveLength(2);
    expect((await upload(['sku,name,packs', 'GLOVE-1,Gloves renamed,'].join('\n'), false)).body).toMatchObject({
      updated: 1,
    });
    expect(((await productsWithSku('GLOVE-1'))[0] as Product).packs).toEqual([]);
  });
});
