import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SOCKET_AUTH_ERROR, type ErrorBody } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { handshakeRefusal, startTestServer, type TestServer } from './support/harness';

/**
 * The regressions of the adversarial run at the gateway, one block per finding: input read before
 * a user is known, protocol versions, rate limits, passwords and origins.
 */

describe('security: input before authentication', () => {
  let t: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await startTestServer({ LOG_LEVEL: 'info' }, { write: (line) => lines.push(line) });
  });
  afterAll(() => t?.close());

  it.each(['/api/v1/products/%E0%A4%A', '/api/v1/stock/%zz/%zz', '/api/v1/alerts/%E0%A4%A/ack', '/api/v1/sync/%zz'])(
    '%s is a 400, never a 500 or an error log',
    async (path) => {
      lines.length = 0;
      const reply = await t.admin.request<ErrorBody>(path.endsWith('/ack') ? 'POST' : 'GET', path);
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
      expect(lines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    },
  );

  it.each(['/%E0%A4%A', '/stock/%zz/%zz', '/assets/%zz.js'])(
    '%s outside the API is a 400 too, never a 500 or an error log',
    async (path) => {
      lines.length = 0;
      const reply = await new Api(t.url).request<ErrorBody>('GET', path);
      expect(reply.status).toBe(400);
      expect(lines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    },
  );

  it('checks the token before reading a body: a 900 KB body without a valid token is a 401', async () => {
    const big = `{"movements": [${'"x",'.repeat(225_000)}`; // also malformed: parsing it would say 400
    for (const api of [new Api(t.url), new Api(t.url, 'not.a.token')]) {
      const reply = await api.request<ErrorBody>('POST', '/api/v1/movements', big);
      expect(reply.status).toBe(401);
    }
    expect((await t.admin.request<ErrorBody>('POST', '/api/v1/movements', big)).status).toBe(400);
  });

  it('caps error details: a login with 60,000 unknown keys is refused small, and listed keys are capped', async () => {
    const huge = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, 1]));
    const reply = await new Api(t.url).request<ErrorBody>('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: 'x',
      ...huge,
    });
    expect(reply.status).toBe(413);
    expect(JSON.stringify(reply.body).length).toBeLessThan(500);

    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 1]));
    const listed = await new Api(t.url).request<ErrorBody>('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: 'x',
      ...many,
    });
    expect(listed.status).toBe(400);
    expect(JSON.stringify(listed.body).length).toBeLessThan(2_000);
    expect(listed.body.error.details).toMatchObject({ issues: [{ code: 'unrecognized_keys', moreKeys: 90 }] });
  });
});

describe('security: protocol versions', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it.each(['999', String(PROTOCOL_VERSION + 1), '0', 'abc'])(
    'answers 426 with the supported range to protocol %s on push, pull and login',
    async (version) => {
      const headers = { [PROTOCOL_HEADER]: version };
      const w = await t.admin.createWarehouse();
      const p = await t.admin.createProduct();
      const replies = [
        await t.admin.request<ErrorBody>(
          'POST',
          '/api/v1/movements',
          { movements: [movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1 })] },
          headers,
        ),
        await t.admin.request<ErrorBody>('GET', '/api/v1/sync/stock', undefined, headers),
        await new Api(t.url).request<ErrorBody>(
          'POST',
          '/api/v1/auth/login',
          { username: 'admin', password: TEST_ADMIN_PASSWORD },
          headers,
        ),
      ];
      for (const reply of replies) {
        expect(reply.status).toBe(426);
        expect(reply.body.error).toMatchObject({
          code: 'upgrade_required',
          details: { supported: { min: 1, max: PROTOCOL_VERSION } },
        });
      }
      expect((await t.admin.stockList()).items.filter((r) => r.warehouseId === w.id)).toEqual([]);
      expect(
        await handshakeRefusal(t.url, { token: t.admin.token, protocolVersion: Number(version) || version }),
      ).toMatchObject({
        message: SOCKET_AUTH_ERROR,
        code: 'upgrade_required',
        supported: { min: 1, max: PROTOCOL_VERSION },
      });
    },
  );

  it('serves its own version and devices that send none (version 1)', async () => {
    expect(
      (await t.admin.request('GET', '/api/v1/sync/stock', undefined, { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }))
        .status,
    ).toBe(200);
    expect((await t.admin.request('GET', '/api/v1/sync/stock', undefined, { [PROTOCOL_HEADER]: '1' })).status).toBe(
      200,
    );
    expect((await t.admin.request('GET', '/api/v1/sync/stock')).status).toBe(200);
    expect(await handshakeRefusal(t.url, { token: t.admin.token, protocolVersion: PROTOCOL_VERSION })).toEqual({
      message: 'connected',
    });
  });
});

describe('security: rate limits a caller cannot turn against someone else', () => {
  let t: TestServer;
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const attempt = (ip: string, username: string, password = 'guess-guess-guess') =>
    new Api(t.url).request<ErrorBody>('POST', '/api/v1/auth/login', { username, password }, from(ip));
  beforeAll(async () => {
    // Behind a local proxy that reports client addresses: each test client is its own address.
    t = await startTestServer({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_LOGIN: '3',
      RATE_LIMIT_LOGIN_IP: '8',
      RATE_LIMIT_BAD_TOKEN: '5',
    });
  });
  afterAll(() => t?.close());

  it('failed logins on ADMIN from one address do not lock the real admin out from another', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt('203.0.113.5', i % 2 ? 'ADMIN' : 'Admin')).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    const real = await new Api(t.url).request(
      'POST',
      '/api/v1/auth/login',
      { username: 'admin', password: TEST_ADMIN_PASSWORD },
      from('198.51.100.7'),
    );
    expect(real.status).toBe(200);
  });

  it('limits password spraying per address, whatever the usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await attempt('203.0.113.9', `user-${i}`)).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8).every((s) => s === 429)).toBe(true);
    // Another address is unaffected.
    expect((await attempt('198.51.100.20', 'user-1')).status).toBe(401);
  });

  it('limits invalid tokens per address, without holding back valid tokens from that address', async () => {
    const bad = new Api(t.url, 'not.a.token');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push((await bad.request('GET', '/api/v1/warehouses', undefined, from('203.0.113.77'))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    expect((await t.admin.request('GET', '/api/v1/warehouses', undefined, from('203.0.113.77'))).status).toBe(200);
  });

  it('limits refused socket handshakes per address, without refusing a valid token from it', async () => {
    const handshake = (token: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(t.url, {
          auth: { token },
          extraHeaders: from('203.0.113.88'),
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        socket.once('connect', () => {
          socket.close();
          resolve('connected');
        });
        socket.once('connect_error', (error) => {
          socket.close();
          resolve((error as Error & { data?: { code?: string } }).data?.code ?? error.message);
        });
      });
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) codes.push(await handshake('not.a.token'));
    expect(codes).toEqual([
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'unauthorized',
      'rate_limited',
      'rate_limited',
    ]);
    expect(await handshake(t.admin.token!)).toBe('connected');
  });
});

describe('security: passwords', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it.each(['12345678', 'password', ' '.repeat(8), ' '.repeat(12), 'password1234', 'qwertyuiop12', 'stockline-1'])(
    'refuses %j for a new user',
    async (password) => {
      const reply = await t.admin.request<ErrorBody>('POST', '/api/v1/users', {
        username: 'weak-one',
        password,
        role: 'clerk',
        warehouseIds: [],
      });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe('validation_failed');
    },
  );

  it('accepts a long passphrase', async () => {
    expect(
      (
        await t.admin.request('POST', '/api/v1/users', {
          username: 'strong-one',
          password: 'blue pallet under the dock',
          role: 'clerk',
          warehouseIds: [],
        })
      ).status,
    ).toBe(201);
  });
});

describe('security: the web app and API are same-origin by default', () => {
  it('sends no CORS headers on the API or the socket handshake', async () => {
    const t = await startTestServer();
    try {
      const res = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
