import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, PushMovementsResponse } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';
import { SignJWT } from 'jose';
import { PROTOCOL_VERSION, SOCKET_AUTH_ERROR } from '@stockline/protocol';
import { openSocket, startTestServer, TEST_JWT_SECRET, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

/**
 * The role and warehouse-scope matrix: every endpoint x role x (in scope / out of scope) ->
 * the expected status. "In" is warehouse A (where the manager and clerk work), "out" is B.
 * Scope never refuses a push as a whole: an out-of-scope movement is its own verdict.
 */

type Who = 'admin' | 'manager' | 'clerk' | 'anonymous';
type Where = 'in' | 'out' | '-';

interface Ctx {
  s: Staff;
  w: (where: Where) => string;
  alert: (where: Where) => Alert;
}

interface Endpoint {
  name: string;
  request: (ctx: Ctx, where: Where) => { method: string; path: string; body?: unknown };
  /** Expected status per role and scope; `-` rows do not depend on a warehouse. */
  expect: Partial<Record<Where, Record<Exclude<Who, 'anonymous'>, number>>>;
  /** Extra check of a 200 answer's content. */
  check?: (body: unknown, who: Who, where: Where, ctx: Ctx) => void;
}

const ALL = (status: number) => ({ admin: status, manager: status, clerk: status });
const unique = () => crypto.randomUUID().slice(0, 8);

const endpoints: Endpoint[] = [
  {
    name: 'POST /users',
    request: (c) => ({
      method: 'POST',
      path: '/api/v1/users',
      body: { username: `u-${unique()}`, password: 'pallet-jack-4821', role: 'clerk', warehouseIds: [c.w('in')] },
    }),
    expect: { '-': { admin: 201, manager: 403, clerk: 403 } },
  },
  {
    name: 'POST /warehouses',
    request: () => ({ method: 'POST', path: '/api/v1/warehouses', body: { code: `W${unique()}`, name: 'New' } }),
    expect: { '-': { admin: 201, manager: 403, clerk: 403 } },
  },
  {
    name: 'GET /warehouses',
    request: () => ({ method: 'GET', path: '/api/v1/warehouses' }),
    expect: { '-': ALL(200) },
    check: (body, who, _w, c) => {
      const ids = (body as { items: Array<{ id: string }> }).items.map((w) => w.id);
      expect(ids).toContain(c.w('in'));
      if (who === 'admin') expect(ids).toContain(c.w('out'));
      else expect(ids).not.toContain(c.w('out'));
    },
  },
  {
    name: 'POST /products',
    request: () => ({ method: 'POST', path: '/api/v1/products', body: { sku: `S-${unique()}`, name: 'New' } }),
    expect: { '-': { admin: 201, manager: 201, clerk: 403 } },
  },
  {
    name: 'GET /products',
    request: () => ({ method: 'GET', path: '/api/v1/products?q=pallet' }),
    expect: { '-': ALL(200) },
  },
  {
    name: 'GET /products/:id',
    request: (c) => ({ method: 'GET', path: `/api/v1/products/${c.s.product.id}` }),
    expect: { '-': ALL(200) },
  },
  {
    name: 'GET /stock?warehouseId=',
    request: (c, where) => ({ method: 'GET', path: `/api/v1/stock?warehouseId=${c.w(where)}` }),
    expect: { in: ALL(200), out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'GET /stock (no filter) answers only rows in scope',
    request: () => ({ method: 'GET', path: '/api/v1/stock' }),
    expect: { '-': ALL(200) },
    check: (body, who, _w, c) => {
      const ws = new Set((body as { items: Array<{ warehouseId: string }> }).items.map((r) => r.warehouseId));
      expect(ws.has(c.w('in'))).toBe(true);
      expect(ws.has(c.w('out'))).toBe(who === 'admin');
    },
  },
  {
    name: 'GET /stock/:w/:p',
    request: (c, where) => ({ method: 'GET', path: `/api/v1/stock/${c.w(where)}/${c.s.product.id}` }),
    expect: { in: ALL(200), out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'PUT /stock/:w/:p/threshold',
    request: (c, where) => ({
      method: 'PUT',
      path: `/api/v1/stock/${c.w(where)}/${c.s.product.id}/threshold`,
      body: { threshold: 2 },
    }),
    expect: { in: { admin: 200, manager: 200, clerk: 403 }, out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'POST /movements (scope is a per-movement verdict)',
    request: (c, where) => ({
      method: 'POST',
      path: '/api/v1/movements',
      body: {
        movements: [movement({ type: 'restock', warehouseId: c.w(where), productId: c.s.product.id, quantity: 1 })],
      },
    }),
    expect: { in: ALL(200), out: ALL(200) },
    check: (body, who, where) => {
      const verdict = (body as PushMovementsResponse).results[0]!;
      if (where === 'in' || who === 'admin') expect(verdict.status).toBe('applied');
      else expect(verdict).toMatchObject({ status: 'rejected', reason: 'forbidden_warehouse' });
    },
  },
  {
    name: 'POST /movements transfer out of scope',
    request: (c, where) => ({
      method: 'POST',
      path: '/api/v1/movements',
      body: {
        movements: [
          movement({
            type: 'transfer',
            warehouseId: c.w(where === 'in' ? 'out' : 'in'),
            toWarehouseId: c.w(where),
            productId: c.s.product.id,
            quantity: 1,
          }),
        ],
      },
    }),
    // A transfer touches both warehouses: only "in -> in" could be allowed, and these are in <-> out.
    expect: { in: ALL(200), out: ALL(200) },
    check: (body, who) => {
      const verdict = (body as PushMovementsResponse).results[0]!;
      if (who === 'admin') expect(verdict.status).toBe('applied');
      else expect(verdict).toMatchObject({ status: 'rejected', reason: 'forbidden_warehouse' });
    },
  },
  {
    name: 'GET /movements?warehouseId=',
    request: (c, where) => ({ method: 'GET', path: `/api/v1/movements?warehouseId=${c.w(where)}` }),
    expect: { in: ALL(200), out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'GET /alerts?warehouseId=',
    request: (c, where) => ({ method: 'GET', path: `/api/v1/alerts?warehouseId=${c.w(where)}` }),
    expect: { in: { admin: 200, manager: 200, clerk: 403 }, out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'GET /alerts (no filter) answers only alerts in scope',
    request: () => ({ method: 'GET', path: '/api/v1/alerts' }),
    expect: { '-': { admin: 200, manager: 200, clerk: 403 } },
    check: (body, who, _w, c) => {
      const ws = new Set((body as { items: Alert[] }).items.map((a) => a.warehouseId));
      expect(ws.has(c.w('in'))).toBe(true);
      expect(ws.has(c.w('out'))).toBe(who === 'admin');
    },
  },
  {
    name: 'POST /alerts/:id/ack',
    request: (c, where) => ({ method: 'POST', path: `/api/v1/alerts/${c.alert(where).id}/ack` }),
    expect: { in: { admin: 200, manager: 200, clerk: 403 }, out: { admin: 200, manager: 403, clerk: 403 } },
  },
  {
    name: 'GET /sync/stock answers only rows in scope',
    request: () => ({ method: 'GET', path: '/api/v1/sync/stock' }),
    expect: { '-': ALL(200) },
    check: (body, who, _w, c) => {
      const ws = new Set((body as { documents: Array<{ warehouseId: string }> }).documents.map((r) => r.warehouseId));
      expect(ws.has(c.w('in'))).toBe(true);
      expect(ws.has(c.w('out'))).toBe(who === 'admin');
    },
  },
  {
    name: 'GET /sync/products',
    request: () => ({ method: 'GET', path: '/api/v1/sync/products' }),
    expect: { '-': ALL(200) },
  },
];

describe('role and warehouse-scope matrix', () => {
  let t: TestServer;
  let ctx: Ctx;
  const clients = {} as Record<Who, Api>;

  beforeAll(async () => {
    t = await startTestServer();
    const s = await makeStaff(t);
    const ids = { in: s.warehouses.a.id, out: s.warehouses.b.id };
    // Stock and an open alert in both warehouses: a raised threshold over qty 1 raises one.
    for (const w of [ids.in, ids.out]) {
      await t.admin.push([movement({ type: 'restock', warehouseId: w, productId: s.product.id, quantity: 1 })]);
      await t.admin.setThreshold(w, s.product.id, 5);
    }
    const alerts = (await t.admin.alerts('open')).items;
    const alertAt = (w: string) => {
      const found = alerts.find((a) => a.warehouseId === w);
      if (!found) throw new Error('fixture alert missing');
      return found;
    };
    ctx = {
      s,
      w: (where) => (where === 'out' ? ids.out : ids.in),
      alert: (where) => alertAt(where === 'out' ? ids.out : ids.in),
    };
    Object.assign(clients, {
      admin: s.as.admin,
      manager: s.as.managerA,
      clerk: s.as.clerkA,
      anonymous: new Api(t.url),
    });
  });
  afterAll(() => t?.close());

  const rows: Array<[string, Endpoint, Who, Where, number]> = [];
  for (const e of endpoints) {
    for (const [where, byRole] of Object.entries(e.expect) as Array<[Where, Record<string, number>]>) {
      for (const who of ['admin', 'manager', 'clerk'] as const)
        rows.push([`${e.name} as ${who}, ${where === '-' ? 'any' : where}`, e, who, where, byRole[who]!]);
      rows.push([`${e.name} without a token, ${where === '-' ? 'any' : where}`, e, 'anonymous', where, 401]);
    }
  }

  it.each(rows)('%s', async (_name, endpoint, who, where, status) => {
    const { method, path, body } = endpoint.request(ctx, where);
    const reply = await clients[who].request(method, path, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(status);
    if (status >= 400)
      expect((reply.body as { error: { code: string } }).error.code).toBe(
        status === 401 ? 'unauthorized' : 'forbidden',
      );
    else endpoint.check?.(reply.body, who, where, ctx);
  });
});

/**
 * The socket handshake's matrix: every role connects with its own current token; everything
 * else is refused with the code the client needs (re-login vs update the app).
 */
describe('socket handshake matrix', () => {
  let t: TestServer;
  let s: Staff;
  const key = new TextEncoder().encode(TEST_JWT_SECRET);

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
  });
  afterAll(() => t?.close());

  async function outcome(auth: Record<string, unknown>): Promise<string> {
    try {
      const socket = await openSocket(t.url, auth);
      socket.close();
      return 'connected';
    } catch (error) {
      const e = error as Error & { data?: { code?: string } };
      expect(e.message).toBe(SOCKET_AUTH_ERROR);
      return e.data?.code ?? 'no code';
    }
  }

  const sign = (claims: Record<string, unknown>, sub: string, exp: string | null = '1h') => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt();
    if (exp) jwt.setExpirationTime(exp);
    return jwt.sign(key);
  };

  const cases: Array<[string, (c: { s: Staff; t: TestServer }) => Promise<Record<string, unknown>>, string]> = [
    ['admin with its token', async (c) => ({ token: c.s.as.admin.token }), 'connected'],
    [
      'manager with its token and a device',
      async (c) => ({ token: c.s.as.managerA.token, deviceId: 'm-1', protocolVersion: PROTOCOL_VERSION }),
      'connected',
    ],
    [
      'clerk with its token and a device',
      async (c) => ({ token: c.s.as.clerkA.token, deviceId: 'c-1', protocolVersion: PROTOCOL_VERSION }),
      'connected',
    ],
    ['no token', async () => ({}), 'unauthorized'],
    ['a token that is not a string', async () => ({ token: { $ne: null } }), 'unauthorized'],
    ['a garbage token', async () => ({ token: 'not.a.token' }), 'unauthorized'],
    [
      'a token without exp',
      async (c) => ({ token: await sign({ ver: 0 }, c.s.users.clerkA.id, null) }),
      'unauthorized',
    ],
    ['a token without a token version', async (c) => ({ token: await sign({}, c.s.users.clerkA.id) }), 'unauthorized'],
    [
      'a token of an older token version',
      async (c) => ({ token: await sign({ ver: -1 }, c.s.users.clerkA.id) }),
      'unauthorized',
    ],
    [
      'a token for an unknown user',
      async () => ({ token: await sign({ ver: 0 }, crypto.randomUUID()) }),
      'unauthorized',
    ],
    ['an expired token', async (c) => ({ token: await sign({ ver: 0 }, c.s.users.clerkA.id, '-1m') }), 'token_expired'],
    [
      'a protocol from the future',
      async (c) => ({ token: c.s.as.clerkA.token, protocolVersion: PROTOCOL_VERSION + 1 }),
      'upgrade_required',
    ],
    [
      'a protocol that is not a number',
      async (c) => ({ token: c.s.as.clerkA.token, protocolVersion: 'v2' }),
      'upgrade_required',
    ],
  ];

  it.each(cases)('%s', async (_name, auth, expected) => {
    expect(await outcome(await auth({ s, t }))).toBe(expected);
  });
});
