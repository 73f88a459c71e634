import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { MAX_LABELS, type Product } from '@stockline/protocol';
import type { Api } from '@stockline/test/support/api';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/** Product labels as PDF over real HTTP: who may print, what is refused, pages per layout. */

const MM = 72 / 25.4;

async function labels(api: Api | null, query: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const res = await fetch(`${api!.baseUrl}/api/v1/labels/products.pdf?${query}`, {
    headers: api?.token ? { authorization: `Bearer ${api.token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

const ids = (products: Product[], n: number) =>
  Array.from({ length: n }, (_, i) => products[i % products.length]!.id).join(',');

describe('GET /labels/products.pdf', () => {
  let t: TestServer;
  let s: Staff;
  let products: Product[];

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    products = [
      s.product,
      await t.admin.createProduct({
        sku: 'HS-42',
        name: 'Arbeitshandschuhe Größe 10, gefüttert, für Kälte bis −20 °C',
        barcode: 'HS-42-BOX',
        unit: 'Paar',
      }),
      // Outside WinAnsi (Polish, Japanese, a check mark): printed with substitutes, never a 500.
      await t.admin.createProduct({ sku: 'LODZ-1', name: 'Łódź 東京 ✓ Ωmega', unit: 'pcs' }),
      await t.admin.createProduct({ sku: 'EAN8-1', name: 'Short code', barcode: '96385074' }),
      await t.admin.createProduct({ sku: 'UPC-1', name: 'US import', barcode: '036000291452' }),
    ];
  });
  afterAll(() => t?.close());

  it('lets managers and admins print, refuses clerks (403) and callers without a token (401)', async () => {
    const query = `ids=${products[0]!.id}&layout=a4-3x8`;
    expect((await labels(s.as.clerkA, query)).status).toBe(403);
    expect((await labels({ baseUrl: t.url, token: null } as Api, query)).status).toBe(401);
    for (const who of [s.as.managerA, s.as.admin]) {
      const reply = await labels(who, query);
      expect(reply.status).toBe(200);
      expect(reply.type).toBe('application/pdf');
      expect(reply.body.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it.each([
    ['an unknown layout', (p: Product[]) => `ids=${p[0]!.id}&layout=a5`],
    ['no layout', (p: Product[]) => `ids=${p[0]!.id}`],
    ['no ids', () => 'layout=a4-3x8'],
    ['an empty id list', () => 'ids=&layout=a4-3x8'],
    ['an id that is not a UUID', () => 'ids=PJ-100&layout=a4-3x8'],
    ['the ids given twice', (p: Product[]) => `ids=${p[0]!.id}&ids=${p[1]!.id}&layout=a4-3x8`],
    ['an unknown parameter', (p: Product[]) => `ids=${p[0]!.id}&layout=a4-3x8&copies=2`],
    [`more than ${MAX_LABELS} labels`, (p: Product[]) => `ids=${ids(p, MAX_LABELS + 1)}&layout=a4-3x8`],
  ])('answers 400 to %s', async (_what, query) => {
    const reply = await labels(s.as.admin, query(products));
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it(`fits ${MAX_LABELS} ids, commas escaped as a browser sends them, in a request line a proxy takes (8 KiB)`, () => {
    const query = new URLSearchParams({
      ids: Array.from({ length: MAX_LABELS }, () => '00000000-0000-4000-8000-000000000000').join(','),
      layout: 'roll-62mm',
    });
    expect(`GET /api/v1/labels/products.pdf?${query.toString()} HTTP/1.1\r\n`.length).toBeLessThan(8192);
  });

  it('answers 404 when any id names no product, and prints nothing', async () => {
    const reply = await labels(
      s.as.admin,
      `ids=${products[0]!.id},00000000-0000-4000-8000-000000000000&layout=roll-62mm`,
    );
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ error: { code: 'not_found' } });
  });

  it.each([
    ['a4-3x8', 1, 1, [210, 297]],
    ['a4-3x8', 24, 1, [210, 297]],
    ['a4-3x8', 25, 2, [210, 297]],
    ['a4-3x8', MAX_LABELS, MAX_LABELS / 24, [210, 297]],
    ['roll-62mm', 1, 1, [62, 29]],
    ['roll-62mm', 7, 7, [62, 29]],
  ] as const)('%s with %i labels is a PDF of %i pages of %j mm', async (layout, count, pages, [w, h]) => {
    const reply = await labels(s.as.managerA, `ids=${ids(products, count)}&layout=${layout}`);
    expect(reply.status).toBe(200);
    const pdf = await PDFDocument.load(reply.body);
    expect(pdf.getPageCount()).toBe(pages);
    for (const page of pdf.getPages()) {
      expect(page.getWidth() / MM).toBeCloseTo(w, 1);
      expect(page.getHeight() / MM).toBeCloseTo(h, 1);
    }
  });
});
