import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, movement } from '@stockline/test/support/api';
import { startTestServer, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/**
 * Bad input gets a clear 4xx and changes nothing: each case is sent, then stock, ledger,
 * catalog, alerts and users are compared with before. Never a 500. Random bodies, paths and
 * handshakes are in bad-inputs-fuzz.test.ts.
 */

interface Case {
  as?: 'admin' | 'clerkA' | 'anonymous';
  method?: string;
  path?: string;
  /** An object is sent as JSON; a string is sent as-is. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

describe('bad inputs', () => {
  let t: TestServer;
  let s: Staff;
  let a: string;
  let p: string;
  const good = () => movement({ type: 'purchase', warehouseId: a, productId: p, quantity: 1 });
  const push = (movements: unknown, extra: object = {}) => ({
    path: '/api/v1/movements',
    body: { movements, ...extra },
  });

  beforeAll(async () => {
    t = await startTestServer({ BODY_LIMIT_BYTES: String(256 * 1024) });
    s = await makeStaff(t);
    a = s.warehouses.a.id;
    p = s.product.id;
    await s.as.admin.push([movement({ type: 'restock', warehouseId: a, productId: p, quantity: 50 })]);
  });
  afterAll(() => t?.close());

  async function snapshot() {
    const admin = t.admin;
    return {
      stock: (await admin.stockList()).items,
      ledger: await admin.ledger(),
      warehouses: (await admin.warehouses()).items,
      products: (await admin.request('GET', '/api/v1/products')).body,
      alerts: (await admin.alerts()).items,
      users: await t.store.countUsers(),
    };
  }

  const cases: Array<[string, () => Case]> = [
    ['negative quantity', () => ({ ...push([{ ...good(), quantity: -1 }]), status: 400, code: 'validation_failed' })],
    ['zero quantity', () => ({ ...push([{ ...good(), quantity: 0 }]), status: 400, code: 'validation_failed' })],
    [
      'fractional quantity',
      () => ({ ...push([{ ...good(), quantity: 1.5 }]), status: 400, code: 'validation_failed' }),
    ],
    ['quantity as text', () => ({ ...push([{ ...good(), quantity: '1' }]), status: 400, code: 'validation_failed' })],
    ['huge quantity', () => ({ ...push([{ ...good(), quantity: 1e300 }]), status: 400, code: 'validation_failed' })],
    ['unknown type', () => ({ ...push([{ ...good(), type: 'steal' }]), status: 400, code: 'validation_failed' })],
    ['missing id', () => ({ ...push([{ ...good(), id: undefined }]), status: 400, code: 'validation_failed' })],
    ['id not a UUID', () => ({ ...push([{ ...good(), id: 'abc' }]), status: 400, code: 'validation_failed' })],
    [
      '$gt object as quantity',
      () => ({ ...push([{ ...good(), quantity: { $gt: 0 } }]), status: 400, code: 'validation_failed' }),
    ],
    [
      '$gt object as warehouse',
      () => ({ ...push([{ ...good(), warehouseId: { $gt: '' } }]), status: 400, code: 'validation_failed' }),
    ],
    [
      '$-prefixed key in a movement',
      () => ({ ...push([{ ...good(), $where: 'sleep(1)' }]), status: 400, code: 'validation_failed' }),
    ],
    [
      '$-prefixed key in the batch',
      () => ({ ...push([good()], { $set: { qty: 0 } }), status: 400, code: 'validation_failed' }),
    ],
    ['unknown key', () => ({ ...push([{ ...good(), price: 3 }]), status: 400, code: 'validation_failed' })],
    [
      '__proto__ key',
      () => ({
        path: '/api/v1/movements',
        body: `{"movements":[${JSON.stringify(good()).slice(0, -1)},"__proto__":{"admin":true}}]}`,
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'bad timestamp',
      () => ({ ...push([{ ...good(), occurredAt: 'yesterday' }]), status: 400, code: 'validation_failed' }),
    ],
    [
      'transfer to itself',
      () => ({ ...push([{ ...good(), type: 'transfer', toWarehouseId: a }]), status: 400, code: 'validation_failed' }),
    ],
    [
      'one bad movement among good ones applies none',
      () => ({ ...push([good(), good(), { ...good(), quantity: -5 }]), status: 400, code: 'validation_failed' }),
    ],
    ['empty batch', () => ({ ...push([]), status: 400, code: 'validation_failed' })],
    ['501 movements', () => ({ ...push(Array.from({ length: 501 }, good)), status: 400, code: 'validation_failed' })],
    ['movements not an array', () => ({ ...push({ 0: good() }), status: 400, code: 'validation_failed' })],
    ['body is an array', () => ({ path: '/api/v1/movements', body: [good()], status: 400, code: 'validation_failed' })],
    ['no body', () => ({ path: '/api/v1/movements', status: 400, code: 'validation_failed' })],
    [
      'malformed JSON',
      () => ({ path: '/api/v1/movements', body: '{"movements": [', status: 400, code: 'malformed_json' }),
    ],
    ['JSON primitive', () => ({ path: '/api/v1/movements', body: '42', status: 400, code: 'malformed_json' })],
    [
      'wrong content type',
      () => ({
        path: '/api/v1/movements',
        body: JSON.stringify({ movements: [good()] }),
        headers: { 'content-type': 'text/plain' },
        status: 415,
        code: 'unsupported_media_type',
      }),
    ],
    [
      'form-encoded body',
      () => ({
        path: '/api/v1/movements',
        body: 'movements=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        status: 415,
        code: 'unsupported_media_type',
      }),
    ],
    [
      'unsupported charset',
      () => ({
        path: '/api/v1/movements',
        body: JSON.stringify({ movements: [good()] }),
        headers: { 'content-type': 'application/json; charset=latin1' },
        status: 415,
        code: 'unsupported_media_type',
      }),
    ],
    [
      'oversized body',
      () => ({
        path: '/api/v1/movements',
        body: JSON.stringify({ movements: [good()], pad: 'x'.repeat(300 * 1024) }),
        status: 413,
        code: 'payload_too_large',
      }),
    ],
    [
      'negative threshold',
      () => ({
        method: 'PUT',
        path: `/api/v1/stock/${a}/${p}/threshold`,
        body: { threshold: -1 },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      '$gt threshold',
      () => ({
        method: 'PUT',
        path: `/api/v1/stock/${a}/${p}/threshold`,
        body: { threshold: { $gt: 1 } },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'product with a $-key',
      () => ({
        path: '/api/v1/products',
        body: { sku: 'X-1', name: 'X', $inc: { qty: 5 } },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'product without sku',
      () => ({ path: '/api/v1/products', body: { name: 'X' }, status: 400, code: 'validation_failed' }),
    ],
    [
      'duplicate sku',
      () => ({ path: '/api/v1/products', body: { sku: 'SKU-1', name: 'Again' }, status: 409, code: 'conflict' }),
    ],
    [
      'duplicate barcode',
      () => ({
        path: '/api/v1/products',
        body: { sku: 'SKU-NEW', name: 'Again', barcode: '4006381333931' },
        status: 409,
        code: 'conflict',
      }),
    ],
    [
      'duplicate warehouse code',
      () => ({ path: '/api/v1/warehouses', body: { code: 'WA', name: 'Again' }, status: 409, code: 'conflict' }),
    ],
    [
      'warehouse with unknown key',
      () => ({
        path: '/api/v1/warehouses',
        body: { code: 'WZ', name: 'Z', owner: 'me' },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'user with an unknown role',
      () => ({
        path: '/api/v1/users',
        body: { username: 'root', password: 'pallet-jack-4821', role: 'root', warehouseIds: [] },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'user with an unknown warehouse',
      () => ({
        path: '/api/v1/users',
        body: { username: 'ghost', password: 'pallet-jack-4821', role: 'clerk', warehouseIds: [crypto.randomUUID()] },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'duplicate username',
      () => ({
        path: '/api/v1/users',
        body: { username: 'clerk-a', password: 'pallet-jack-4821', role: 'clerk', warehouseIds: [] },
        status: 409,
        code: 'conflict',
      }),
    ],
    [
      'login with an operator object',
      () => ({
        as: 'anonymous',
        path: '/api/v1/auth/login',
        body: { username: { $ne: null }, password: 'x' },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'operator in a query string',
      () => ({ method: 'GET', path: '/api/v1/products?q[$ne]=x', status: 400, code: 'validation_failed' }),
    ],
    [
      'repeated query parameter',
      () => ({ method: 'GET', path: '/api/v1/products?q=a&q=b', status: 400, code: 'validation_failed' }),
    ],
    [
      'bad boolean in a query',
      () => ({ method: 'GET', path: '/api/v1/stock?low=yes', status: 400, code: 'validation_failed' }),
    ],
    [
      'forged ledger cursor',
      () => ({
        method: 'GET',
        path: '/api/v1/movements?cursor=bm90LWEtY3Vyc29y',
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'pull with a negative checkpoint',
      () => ({ method: 'GET', path: '/api/v1/sync/stock?after=-1', status: 400, code: 'validation_failed' }),
    ],
    ['unknown sync collection', () => ({ method: 'GET', path: '/api/v1/sync/users', status: 404, code: 'not_found' })],
    [
      'stock of a non-UUID id',
      () => ({ method: 'GET', path: '/api/v1/stock/abc/def', status: 404, code: 'not_found' }),
    ],
    [
      'stock of an unknown product',
      () => ({ method: 'GET', path: `/api/v1/stock/${a}/${crypto.randomUUID()}`, status: 404, code: 'not_found' }),
    ],
    [
      'threshold of an unknown warehouse',
      () => ({
        method: 'PUT',
        path: `/api/v1/stock/${crypto.randomUUID()}/${p}/threshold`,
        body: { threshold: 3 },
        status: 404,
        code: 'not_found',
      }),
    ],
    [
      'ack of an unknown alert',
      () => ({ path: `/api/v1/alerts/${crypto.randomUUID()}/ack`, status: 404, code: 'not_found' }),
    ],
    [
      'unknown API route',
      () => ({ method: 'GET', path: '/api/v1/nothing-here', as: 'anonymous', status: 404, code: 'not_found' }),
    ],
    ['no token', () => ({ as: 'anonymous', ...push([good()]), status: 401, code: 'unauthorized' })],
    [
      'garbage token',
      () => ({
        headers: { authorization: 'Bearer not.a.token' },
        as: 'anonymous',
        ...push([good()]),
        status: 401,
        code: 'unauthorized',
      }),
    ],
    [
      'malformed percent-encoding in a product path',
      () => ({ method: 'GET', path: '/api/v1/products/%E0%A4%A', status: 400, code: 'validation_failed' }),
    ],
    [
      'malformed percent-encoding in a stock path',
      () => ({ method: 'GET', path: '/api/v1/stock/%zz/%zz', status: 400, code: 'validation_failed' }),
    ],
    [
      'malformed percent-encoding in a threshold path',
      () => ({
        method: 'PUT',
        path: `/api/v1/stock/${a}/%E0%A4%A/threshold`,
        body: { threshold: 1 },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'a push from a protocol version the server cannot serve',
      () => ({ ...push([good()]), headers: { 'x-stockline-protocol': '999' }, status: 426, code: 'upgrade_required' }),
    ],
    [
      'a stock read from a protocol version the server cannot serve',
      () => ({
        method: 'GET',
        path: `/api/v1/stock/${a}/${p}`,
        headers: { 'x-stockline-protocol': '999' },
        status: 426,
        code: 'upgrade_required',
      }),
    ],
    [
      'a stock read without a token',
      () => ({ method: 'GET', path: `/api/v1/stock/${a}/${p}`, as: 'anonymous', status: 401, code: 'unauthorized' }),
    ],
    [
      'a push with a protocol version that is not a number',
      () => ({
        ...push([good()]),
        headers: { 'x-stockline-protocol': 'latest' },
        status: 426,
        code: 'upgrade_required',
      }),
    ],
    [
      'an oversized body without a token',
      () => ({
        as: 'anonymous',
        path: '/api/v1/movements',
        body: JSON.stringify({ movements: [good()], pad: 'x'.repeat(300 * 1024) }),
        status: 401,
        code: 'unauthorized',
      }),
    ],
    [
      'a login body over 4 KB',
      () => ({
        as: 'anonymous',
        path: '/api/v1/auth/login',
        body: { username: 'admin', password: 'x', pad: 'y'.repeat(5000) },
        status: 413,
        code: 'payload_too_large',
      }),
    ],
    [
      'a weak password for a new user',
      () => ({
        path: '/api/v1/users',
        body: { username: 'weakling', password: 'password1234', role: 'clerk', warehouseIds: [] },
        status: 400,
        code: 'validation_failed',
      }),
    ],
    [
      'a username differing only by case',
      () => ({
        path: '/api/v1/users',
        body: { username: 'CLERK-A', password: 'pallet-jack-4821', role: 'clerk', warehouseIds: [] },
        status: 409,
        code: 'conflict',
      }),
    ],
  ];

  for (const [name, make] of cases) {
    it(`${name}: a 4xx and nothing changes`, async () => {
      const c = make();
      const client: Api = c.as === 'anonymous' ? new Api(t.url) : c.as === 'clerkA' ? s.as.clerkA : t.admin;
      const before = await snapshot();
      const reply = await client.request<{ error: { code: string; message: string } }>(
        c.method ?? 'POST',
        c.path!,
        c.body,
        c.headers,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(c.status);
      expect(reply.body.error.code).toBe(c.code);
      expect(typeof reply.body.error.message).toBe('string');
      expect(await snapshot()).toEqual(before);
    });
  }
});
