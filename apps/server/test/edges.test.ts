import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus, ImportResult, LedgerPage, ProductPage, ReviewList } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { postgresMissing } from '../src/store/postgres/testing/availability';
import { freshSchemaUrl } from '../src/store/postgres/testing/schemas';
import { startTempCluster, type TempCluster } from '../src/store/postgres/testing/temp-cluster';
import type { StoreOptions } from '../src/store/index';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/**
 * The edges of the API every store must hold alike: exports that run no formulas, stock outside
 * the scope never shown, control characters refused with 400 (never a 500 from the database),
 * ledger bounds compared as instants, one spelling of a login name. Each block runs against the
 * embedded SQLite store and against PostgreSQL (a throwaway cluster on a loopback port).
 */

type ErrorReply = { error: { code: string; message: string } };

const missing = postgresMissing();
if (missing) console.warn(`[edges on postgres] skipped: ${missing}`);

let cluster: TempCluster | null = null;
let schemas = 0;
afterAll(() => cluster?.stop());

async function storeFor(kind: 'sqlite' | 'postgres'): Promise<{ env: Record<string, string>; options?: StoreOptions }> {
  if (kind === 'sqlite') return { env: {} };
  cluster ??= await startTempCluster({ fast: true });
  const url = await freshSchemaUrl(cluster.url, `edges_${++schemas}`);
  return { env: { STORE: 'postgres', DATABASE_URL: url }, options: { kind: 'postgres', url } };
}

/** The text of a CSV download (BOM off) and its Content-Disposition. */
async function download(api: Api, path: string): Promise<{ status: number; text: string; disposition: string | null }> {
  const res = await fetch(api.baseUrl + path, {
    headers: { authorization: `Bearer ${api.token}`, accept: 'text/csv' },
  });
  return {
    status: res.status,
    text: (await res.text()).replace(/^\uFEFF/, ''),
    disposition: res.headers.get('content-disposition'),
  };
}

async function upload(
  api: Api,
  path: string,
  csv: string,
): Promise<{ status: number; body: ImportResult & ErrorReply }> {
  const res = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as ImportResult & ErrorReply };
}

function records(text: string): Array<Record<string, string>> {
  return parseCsv<Record<string, string>>(text, { columns: true });
}

/** An ISO time written in +05:00, `shiftMs` from `iso`. */
function inPlusFive(iso: string, shiftMs: number): string {
  const local = new Date(Date.parse(iso) + shiftMs + 5 * 3600_000).toISOString();
  return `${local.slice(0, 23)}+05:00`;
}

const kinds = (['sqlite', 'postgres'] as const).filter((k) => k === 'sqlite' || missing === null);

describe.each(kinds)('edges on %s', (kind) => {
  let t: TestServer;
  let s: Staff;
  beforeAll(async () => {
    const { env, options } = await storeFor(kind);
    t = await startTestServer(env, undefined, options);
    s = await makeStaff(t);
  }, 120_000);
  afterAll(() => t?.close());

  it('CSV exports quote every cell with a line break, quote or separator, and neutralise formulas after line breaks too', async () => {
    const description = "Heavy duty\n=2+5+cmd|' /C calc'!A0\r@SUM(A1)";
    await t.admin.createProduct({ sku: 'CSV-1', name: 'Jack; big, "red"', description });
    await t.admin.createProduct({ sku: 'CSV-2', name: '=HYPERLINK("http://x")' });
    const { status, text } = await download(t.admin, '/api/v1/export/products');
    expect(status).toBe(200);
    expect(text).toContain('"Jack; big, ""red"""');
    expect(text).toContain(`"Heavy duty\n'=2+5+cmd|' /C calc'!A0\r'@SUM(A1)"`);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    // Every physical line of the file that is not inside a quoted cell starts a record.
    const rows = records(text);
    expect(rows.find((r) => r.sku === 'CSV-1')).toMatchObject({
      name: 'Jack; big, "red"',
      description: description.replace(/\n=/, "\n'=").replace(/\r@/, "\r'@"),
    });
  });

  it('ids and names with control characters are refused with 400 and change nothing', async () => {
    const { a } = s.warehouses;
    const pushed = await s.as.clerkA.request<ErrorReply>('POST', '/api/v1/movements', {
      movements: [
        movement({
          type: 'restock',
          warehouseId: a.id,
          productId: s.product.id,
          quantity: 1,
          deviceId: "scanner-7\n=2+5+cmd|' /C calc'!A0",
        }),
      ],
    });
    expect(pushed.status).toBe(400);
    expect(pushed.body.error.code).toBe('validation_failed');
    for (const body of [
      { sku: 'NUL-1', name: 'Pallet\u0000jack' },
      { sku: 'NUL\u00002', name: 'Pallet jack' },
      { sku: 'LF-1', name: 'Pallet\njack' },
      { sku: 'CR\r1', name: 'Pallet jack' },
    ]) {
      const reply = await t.admin.request<ErrorReply>('POST', '/api/v1/products', body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
    expect((await t.admin.request('POST', '/api/v1/warehouses', { code: 'NUL', name: 'North\u0000' })).status).toBe(
      400,
    );
    expect((await t.admin.request('GET', '/api/v1/products?q=NUL-1')).body).toMatchObject({ items: [] });
  });

  it('NUL in a search, a filter or a login name is a 400, never a 500', async () => {
    for (const path of [
      '/api/v1/products?q=ab%00cd',
      '/api/v1/products?q=%00',
      '/api/v1/movements?deviceId=dev%00x',
      '/api/v1/sync/products?deviceId=dev%00x',
    ]) {
      const reply = await t.admin.request<ErrorReply>('GET', path);
      expect(reply.status, path).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    }
    const login = await new Api(t.url).request<ErrorReply>('POST', '/api/v1/auth/login', {
      username: 'ad\u0000min',
      password: 'whatever-at-all',
    });
    expect(login.status).toBe(400);
  });

  it('a login name is trimmed and case-folded in one place: " Admin " logs in as admin', async () => {
    const reply = await new Api(t.url).request<{ user: { username: string } }>('POST', '/api/v1/auth/login', {
      username: ' Admin ',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.user.username).toBe('admin');
  });

  it('ledger bounds with an offset compare as instants', async () => {
    const { a } = s.warehouses;
    const m = movement({ type: 'restock', warehouseId: a.id, productId: s.product.id, quantity: 2 });
    await s.as.managerA.push([m]);
    const recorded = (await s.as.managerA.ledgerPage({ warehouseId: a.id })).items.find((x) => x.id === m.id)!;
    const query = new URLSearchParams({
      warehouseId: a.id,
      from: inPlusFive(recorded.recordedAt, -60_000),
      to: inPlusFive(recorded.recordedAt, 60_000),
    });
    const inside = await s.as.managerA.request<LedgerPage>('GET', `/api/v1/movements?${query.toString()}`);
    expect(inside.status).toBe(200);
    expect(inside.body.items.map((x) => x.id)).toContain(m.id);
    const after = new URLSearchParams({ warehouseId: a.id, from: inPlusFive(recorded.recordedAt, 1) });
    expect(
      (await s.as.managerA.request<LedgerPage>('GET', `/api/v1/movements?${after.toString()}`)).body.items.map(
        (x) => x.id,
      ),
    ).not.toContain(m.id);
  });

  it('a transfer with a leg outside the scope shows no stock of that leg: ledger, its CSV and the review list', async () => {
    const { a, b } = s.warehouses;
    const product = await t.admin.createProduct({ sku: 'LEAK-1', name: 'Leak probe', barcode: '96385074' });
    await t.admin.push([
      movement({ type: 'restock', warehouseId: a.id, productId: product.id, quantity: 11 }),
      movement({ type: 'restock', warehouseId: b.id, productId: product.id, quantity: 37 }),
    ]);
    const out = movement({
      type: 'transfer',
      warehouseId: a.id,
      toWarehouseId: b.id,
      productId: product.id,
      quantity: 1,
    });
    const into = movement({
      type: 'transfer',
      warehouseId: b.id,
      toWarehouseId: a.id,
      productId: product.id,
      quantity: 2,
    });
    const refused = movement({
      type: 'transfer',
      warehouseId: b.id,
      toWarehouseId: a.id,
      productId: product.id,
      quantity: 900,
    });
    const verdicts = await t.admin.push([out, into, refused]);
    expect(verdicts.results.map((v) => v.status)).toEqual(['applied', 'applied', 'rejected']);

    const ledger = (await s.as.managerA.ledgerPage({ warehouseId: a.id, productId: product.id })).items;
    const byId = new Map(ledger.map((m) => [m.id, m]));
    expect(byId.get(out.id)?.verdict).toMatchObject({ stock: { qty: 10 } });
    expect(byId.get(out.id)?.verdict.toStock).toBeUndefined();
    expect(byId.get(into.id)?.verdict).toMatchObject({ stock: { qty: 0, version: 0 }, toStock: { qty: 12 } });
    expect(byId.get(refused.id)?.verdict).toMatchObject({ status: 'rejected', stock: { qty: 0, version: 0 } });
    expect(JSON.stringify(ledger)).not.toMatch(/"qty":(36|37|38)\b/);

    const csv = records(
      (await download(s.as.managerA, `/api/v1/movements?warehouseId=${a.id}&productId=${product.id}`)).text,
    );
    const line = (id: string) => csv.find((r) => r.id === id)!;
    expect(line(out.id)).toMatchObject({ qtyAfter: '10', toQtyAfter: '' });
    expect(line(into.id)).toMatchObject({ qtyAfter: '', toQtyAfter: '12' });
    expect(line(refused.id)).toMatchObject({ qtyAfter: '' });

    const review = await s.as.managerA.request<ReviewList>('GET', `/api/v1/review?warehouseId=${a.id}`);
    const item = review.body.items.find((i) => i.movement.id === refused.id);
    expect(item?.movement.verdict.stock).toEqual({ qty: 0, version: 0 });
    // The admin, who may read both warehouses, still sees every leg.
    expect(
      (await t.admin.ledgerPage({ productId: product.id })).items.find((m) => m.id === into.id)?.verdict.stock.qty,
    ).toBe(36);
  });

  it('two admins demoting each other at once: one succeeds, and an admin is left', async () => {
    const second = await t.admin.createUser({ username: 'second-admin', role: 'admin', warehouseIds: [] });
    const asSecond = await t.login('second-admin');
    const replies = await Promise.all([
      t.admin.request<ErrorReply>('PATCH', `/api/v1/users/${second.id}`, { role: 'manager' }),
      asSecond.request<ErrorReply>('PATCH', `/api/v1/users/${(await t.store.findUserByUsername('admin'))!.id}`, {
        role: 'manager',
      }),
    ]);
    // The loser is refused inside the write (409), or, when the winner committed before its
    // request was authenticated, as no admin any more (401/403); never both 200.
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect([401, 403, 409]).toContain(replies.find((r) => r.status !== 200)?.status);
    const admins = (await t.store.listUsers()).filter((u) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
    // Whoever is left puts things back for the tests after this one.
    const survivor = admins[0]!.username === 'admin' ? t.admin : asSecond;
    if (admins[0]!.username !== 'admin')
      expect(
        (
          await survivor.request('PATCH', `/api/v1/users/${(await t.store.findUserByUsername('admin'))!.id}`, {
            role: 'admin',
          })
        ).status,
      ).toBe(200);
  });

  it('the ledger CSV names things beside the ids; a stock export is named by warehouse and date', async () => {
    const { a } = s.warehouses;
    await s.as.managerA.push([
      movement({ type: 'restock', warehouseId: a.id, productId: s.product.id, quantity: 3, deviceId: 'scanner-3' }),
    ]);
    const ledger = await download(s.as.managerA, `/api/v1/movements?warehouseId=${a.id}&deviceId=scanner-3`);
    expect(records(ledger.text)[0]).toMatchObject({
      warehouseCode: 'WA',
      sku: 'SKU-1',
      productName: 'Pallet jack',
      barcode: '4006381333931',
      warehouseId: a.id,
      productId: s.product.id,
      deviceId: 'scanner-3',
    });
    const stock = await download(s.as.managerA, `/api/v1/export/stock?warehouseId=${a.id}`);
    expect(stock.status).toBe(200);
    expect(stock.disposition).toBe(`attachment; filename="stock-WA-${new Date().toISOString().slice(0, 10)}.csv"`);
  });

  it('imports treat SKUs case-insensitively, say what is wrong with a negative number, and report an unclosed quote on its own line', async () => {
    const { a } = s.warehouses;
    // A fresh admin session: an earlier test may have ended the first one's tokens.
    const admin = await Api.login(t.url);
    await admin.createProduct({ sku: 'PJ-100', name: 'Pallet jack' });
    const again = await upload(
      s.as.managerA,
      '/api/v1/import/products?dryRun=false',
      'sku,name\npj-100,Pallet jack (red)\n',
    );
    expect(again.body).toMatchObject({ created: 0, updated: 1, errors: [], applied: true });
    const found = await admin.request<ProductPage>('GET', '/api/v1/products?q=Pallet%20jack');
    expect(found.body.items.filter((p) => p.sku.toLowerCase() === 'pj-100').map((p) => [p.sku, p.name])).toEqual([
      ['PJ-100', 'Pallet jack (red)'],
    ]);
    const twice = await upload(s.as.managerA, '/api/v1/import/products', 'sku,name\nQX-1,One\nqx-1,Two\n');
    expect(twice.body.errors).toEqual([{ line: 3, message: 'SKU qx-1 is already on line 2' }]);
    expect((await admin.request<ErrorReply>('POST', '/api/v1/products', { sku: 'pj-100', name: 'Other' })).status).toBe(
      409,
    );
    expect(
      (await admin.request<ErrorReply>('POST', '/api/v1/warehouses', { code: 'wa', name: 'Another A' })).status,
    ).toBe(409);

    const stock = await upload(
      s.as.managerA,
      `/api/v1/import/stock?warehouseId=${a.id}`,
      'sku,qty,threshold\npj-100,-4,\nsku-1,1.5,2\n',
    );
    expect(stock.body.errors).toEqual([
      { line: 2, message: 'qty: -4: must be zero or more' },
      { line: 3, message: 'qty: 1.5: not a whole number' },
    ]);
    const known = await upload(s.as.managerA, `/api/v1/import/stock?warehouseId=${a.id}`, 'sku,threshold\npj-100,4\n');
    expect(known.body).toMatchObject({ errors: [], created: 1 });

    const unclosed = await upload(
      s.as.managerA,
      '/api/v1/import/products',
      'sku,name,description\r\nUQ-1,One,"Two\r\nlines"\r\nUQ-2,"never closed\r\nUQ-3,Fine,\r\nUQ-4,Also fine,\r\n',
    );
    expect(unclosed.body.errors).toEqual([{ line: 4, message: expect.stringContaining('never closed') }]);
    expect(unclosed.body).toMatchObject({ created: 3 });
  });

  it("devices: known per (user, device), listed within the reader's warehouses, paged, and capped per user", async () => {
    type Page = { items: DeviceStatus[]; nextCursor: string | null };
    await s.as.clerkA.pull('products', { deviceId: 'a-hand' });
    await s.as.clerkB.request('GET', '/api/v1/sync/products?deviceId=b-hand');
    // clerk B names clerk A's device with an absurd queue: that is clerk B's own entry.
    await s.as.clerkB.request('GET', '/api/v1/sync/products?deviceId=a-hand&queued=9999');
    for (let n = 0; n < 30; n++) await s.as.clerkA.request('GET', `/api/v1/sync/products?deviceId=invented-${n}`);
    const admin = await Api.login(t.url);
    const all = async (api: Api, limit: number): Promise<DeviceStatus[]> => {
      const items: DeviceStatus[] = [];
      let cursor: string | null = null;
      do {
        const reply: { status: number; body: Page } = await api.request<Page>(
          'GET',
          `/api/v1/devices?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(reply.status).toBe(200);
        expect(reply.body.items.length).toBeLessThanOrEqual(limit);
        items.push(...reply.body.items);
        cursor = reply.body.nextCursor;
      } while (cursor);
      return items;
    };
    // A pull records the contact before it answers, so the lists below are complete.
    expect((await all(admin, 500)).filter((d) => d.username === 'clerk-b')).toHaveLength(2);
    const seenByA = await all(s.as.managerA, 7);
    expect(new Set(seenByA.map((d) => `${d.userId}/${d.deviceId}`)).size).toBe(seenByA.length);
    expect(seenByA.map((d) => d.username)).not.toContain('clerk-b');
    expect(seenByA.filter((d) => d.username === 'clerk-a')).toHaveLength(20);
    expect(seenByA.find((d) => d.deviceId === 'a-hand')).toMatchObject({ username: 'clerk-a', queued: null });
    const seenByB = await all(s.as.managerB, 500);
    expect(seenByB.map((d) => [d.username, d.deviceId]).sort()).toEqual([
      ['clerk-b', 'a-hand'],
      ['clerk-b', 'b-hand'],
    ]);
    expect((await s.as.managerA.request('GET', '/api/v1/devices?cursor=bm9wZQ')).status).toBe(400);
  });

  it('one import at a time per server: a second is refused with 429, Retry-After and a reason; the floor is served meanwhile', async () => {
    const { a } = s.warehouses;
    const lines = Array.from({ length: 6_000 }, (_, i) => `GATE-${i},Gate product ${i}`).join('\n');
    const first = upload(s.as.managerA, '/api/v1/import/products?dryRun=false', `sku,name\n${lines}\n`);
    // Wait until the first holds the gate: a second upload is refused before its body is read.
    let second: Response | null = null;
    for (let tries = 0; tries < 200; tries++) {
      second = await fetch(`${t.url}/api/v1/import/products`, {
        method: 'POST',
        headers: { authorization: `Bearer ${s.as.managerB.token}`, 'content-type': 'text/csv' },
        body: 'sku,name\nX-1,X\n',
      });
      if (second.status !== 200) break;
    }
    expect(second?.status).toBe(429);
    expect(second?.headers.get('retry-after')).toBe('5');
    expect(((await second?.json()) as { error: { code: string; details: { reason: string } } }).error).toMatchObject({
      code: 'rate_limited',
      details: { reason: 'import_in_progress' },
    });
    // The floor is served while the import runs in slices.
    expect((await s.as.clerkA.request('GET', `/api/v1/stock/${a.id}/${s.product.id}`)).status).toBe(200);
    expect((await first).body).toMatchObject({ created: 6_000, applied: true });
    // Done: the gate is free again.
    expect((await upload(s.as.managerB, '/api/v1/import/products', 'sku,name\nX-1,X\n')).status).toBe(200);
  });
});
