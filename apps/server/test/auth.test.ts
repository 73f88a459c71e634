import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginResponse } from '@stockline/protocol';
import { Api } from '@stockline/test/support/api';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { hashPassword, verifyPassword } from '../src/services/passwords';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/harness';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

describe('login and tokens', () => {
  let t: TestServer;
  let anonymous: Api;
  beforeAll(async () => {
    t = await startTestServer();
    anonymous = new Api(t.url);
  });
  afterAll(() => t?.close());

  it('logs the admin in with a token, its expiry and the user', async () => {
    const reply = await anonymous.request<LoginResponse>('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(reply.status).toBe(200);
    expect(reply.body.user).toEqual({
      id: expect.any(String),
      username: 'admin',
      role: 'admin',
      warehouseIds: [],
      active: true,
    });
    expect(reply.body.token.split('.')).toHaveLength(3);
    expect(Date.parse(reply.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it.each([
    ['a wrong password', { username: 'admin', password: 'wrong-password' }],
    ['an unknown user', { username: 'nobody', password: TEST_ADMIN_PASSWORD }],
  ])('answers 401 for %s, with the same message', async (_name, body) => {
    const reply = await anonymous.request<{ error: { code: string; message: string } }>(
      'POST',
      '/api/v1/auth/login',
      body,
    );
    expect(reply.status).toBe(401);
    expect(reply.body.error).toEqual({ code: 'unauthorized', message: 'wrong username or password' });
  });

  it('lets a created user log in with the scope it was given', async () => {
    const w = await t.admin.createWarehouse();
    const user = await t.admin.createUser({ username: 'clerk-login', role: 'clerk', warehouseIds: [w.id, w.id] });
    expect(user).toEqual({
      id: expect.any(String),
      username: 'clerk-login',
      role: 'clerk',
      warehouseIds: [w.id],
      active: true,
    });
    const clerk = await t.login('clerk-login');
    expect((await clerk.warehouses()).items.map((x) => x.id)).toEqual([w.id]);
  });

  it.each([
    ['no Authorization header', undefined, 'unauthorized'],
    ['a non-Bearer scheme', 'Basic YWRtaW46YWRtaW4=', 'unauthorized'],
    ['a malformed token', 'Bearer abc.def.ghi', 'unauthorized'],
  ])('answers 401 for %s', async (_name, header, code) => {
    const reply = await anonymous.request<{ error: { code: string } }>(
      'GET',
      '/api/v1/warehouses',
      undefined,
      header ? { authorization: header } : {},
    );
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe(code);
  });

  it('answers 401 token_expired for an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject((await t.store.findUserByUsername('admin'))!.id)
      .setIssuedAt(past - 10)
      .setExpirationTime(past)
      .sign(key);
    const reply = await new Api(t.url, token).request<{ error: { code: string } }>('GET', '/api/v1/warehouses');
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('token_expired');
  });

  it('refuses an unsigned token (alg none) and a role claimed in the token', async () => {
    const admin = (await t.store.findUserByUsername('admin'))!;
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: admin.id, role: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    expect((await new Api(t.url, unsigned).request('GET', '/api/v1/warehouses')).status).toBe(401);

    // The role inside a valid token is ignored: the stored role decides.
    const clerk = await t.admin.createUser({ username: 'clerk-claims', role: 'clerk', warehouseIds: [] });
    const claimsAdmin = await new SignJWT({ role: 'admin', ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(clerk.id)
      .setExpirationTime('1h')
      .sign(key);
    expect(
      (await new Api(t.url, claimsAdmin).request('POST', '/api/v1/warehouses', { code: 'WX', name: 'X' })).status,
    ).toBe(403);
  });
});

describe('logs', () => {
  it('never carry passwords or tokens', async () => {
    const lines: string[] = [];
    const t = await startTestServer({ LOG_LEVEL: 'debug' }, { write: (line) => lines.push(line) });
    try {
      const secretPassword = 'very-secret-password-42';
      await t.admin.createUser({ username: 'logged-user', password: secretPassword, role: 'clerk', warehouseIds: [] });
      const user = await t.login('logged-user', secretPassword);
      await user.request('GET', '/api/v1/warehouses');
      await new Api(t.url).request('POST', '/api/v1/auth/login', {
        username: 'logged-user',
        password: 'wrong-password-99',
      });
      const text = lines.join('');
      expect(text).toContain('request completed');
      for (const secret of [secretPassword, 'wrong-password-99', TEST_ADMIN_PASSWORD, user.token!, t.admin.token!])
        expect(text).not.toContain(secret);
    } finally {
      await t.close();
    }
  });
});

describe('password hashing', () => {
  it('salts every hash and verifies only the right password', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horse!', a)).toBe(false);
    expect(await verifyPassword('correct horse', 'not-a-hash')).toBe(false);
  });
});

describe('rate limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ RATE_LIMIT_LOGIN: '3', RATE_LIMIT_API: '25' });
  });
  afterAll(() => t?.close());

  it('brakes repeated failed logins per IP and username, not successful ones', async () => {
    const anonymous = new Api(t.url);
    for (let i = 0; i < 5; i++) await Api.login(t.url); // successes are not counted
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await anonymous.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'guess-guess' })).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await anonymous.request<{ error: { code: string } }>('POST', '/api/v1/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    // Another username from the same address is not blocked.
    expect(
      (await anonymous.request('POST', '/api/v1/auth/login', { username: 'someone', password: 'guess-guess' })).status,
    ).toBe(401);
  });

  it('limits API calls per user: a fresh login is not a fresh budget', async () => {
    await t.admin.createUser({ username: 'busy-reader', role: 'clerk', warehouseIds: [] });
    const other = await t.login('busy-reader');
    let status = 0;
    let calls = 0;
    while (status !== 429 && calls < 40) {
      status = (await other.request('GET', '/api/v1/warehouses')).status;
      calls++;
    }
    expect(status).toBe(429);
    expect(calls).toBe(26);
    // Another token of the same user shares the budget; another user has their own.
    const fresh = await t.login('busy-reader');
    expect((await fresh.request('GET', '/api/v1/warehouses')).status).toBe(429);
    expect((await t.admin.request('GET', '/api/v1/warehouses')).status).toBe(200);
  });

  it('tells a caller its API budget, and when to retry once it is spent', async () => {
    await t.admin.createUser({ username: 'header-reader', role: 'clerk', warehouseIds: [] });
    const reader = await t.login('header-reader');
    const headers = async () => {
      const res = await fetch(`${t.url}/api/v1/warehouses`, { headers: { authorization: `Bearer ${reader.token}` } });
      return {
        status: res.status,
        limit: res.headers.get('ratelimit'),
        policy: res.headers.get('ratelimit-policy'),
        retry: res.headers.get('retry-after'),
      };
    };
    const first = await headers();
    expect(first.status).toBe(200);
    expect(first.policy).toMatch(/^25;w=\d+$/);
    expect(first.limit).toMatch(/^limit=25, remaining=24, reset=\d+$/);
    expect(first.retry).toBeNull();
    let last = first;
    for (let i = 0; i < 25 && last.status === 200; i++) last = await headers();
    expect(last.status).toBe(429);
    expect(last.limit).toMatch(/remaining=0/);
    expect(Number(last.retry)).toBeGreaterThan(0);
  });
});
