import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Poke, User } from '@stockline/protocol';
import { movement, type Api } from '@stockline/test/support/api';
import { eventually, openSocket, startTestServer, type TestServer } from './support/harness';

describe('changing users', () => {
  let t: TestServer;
  let a: string;
  let b: string;
  let clerk: User;
  let clerkApi: Api;

  beforeAll(async () => {
    t = await startTestServer();
    a = (await t.admin.createWarehouse()).id;
    b = (await t.admin.createWarehouse()).id;
    clerk = await t.admin.createUser({ username: 'mover', role: 'clerk', warehouseIds: [a] });
    clerkApi = await t.login('mover');
  });
  afterAll(() => t?.close());

  const patch = (api: Api, id: string, body: unknown) => api.request('PATCH', `/api/v1/users/${id}`, body);

  it('a new warehouse ends earlier tokens and sockets; after a new login it applies to HTTP and sockets', async () => {
    const p = await t.admin.createProduct();
    expect((await clerkApi.request('GET', `/api/v1/stock/${b}/${p.id}`)).status).toBe(403);
    const socket = await openSocket(t.url, { token: clerkApi.token });
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const res = await patch(t.admin, clerk.id, { warehouseIds: [a, b] });
    expect(res).toMatchObject({ status: 200, body: { id: clerk.id, role: 'clerk', warehouseIds: [a, b] } });
    expect(await dropped).toBe('io server disconnect');
    expect((await clerkApi.request('GET', `/api/v1/stock/${b}/${p.id}`)).status).toBe(401);
    await expect(openSocket(t.url, { token: clerkApi.token })).rejects.toThrow();
    clerkApi = await t.login('mover');
    expect((await clerkApi.request('GET', `/api/v1/stock/${b}/${p.id}`)).status).toBe(200);

    // Reconnected, the socket is in the new warehouse's stream.
    const again = await openSocket(t.url, { token: clerkApi.token });
    const stock: Poke[] = [];
    again.on('poke', (e) => e.collection === 'stock' && stock.push(e));
    await t.admin.push([movement({ type: 'restock', warehouseId: b, productId: p.id, quantity: 3 })]);
    await eventually(() => stock.length > 0, 5_000, 'stock of the new warehouse');
    socket.close();
    again.close();
  });

  it('a new password replaces the old one and ends earlier tokens; a new role applies after a new login', async () => {
    expect((await patch(t.admin, clerk.id, { password: 'another-password-9' })).status).toBe(200);
    expect((await clerkApi.request('GET', '/api/v1/warehouses')).status).toBe(401);
    await expect(t.login('mover')).rejects.toThrow(/401/);
    const fresh = await t.login('mover', 'another-password-9');
    expect((await fresh.request('GET', '/api/v1/alerts')).status).toBe(403);
    expect((await patch(t.admin, clerk.id, { role: 'manager' })).status).toBe(200);
    expect((await fresh.request('GET', '/api/v1/alerts')).status).toBe(401);
    clerkApi = await t.login('mover', 'another-password-9');
    expect((await clerkApi.request('GET', '/api/v1/alerts')).status).toBe(200);
    expect((await patch(t.admin, clerk.id, { role: 'clerk' })).status).toBe(200);
    clerkApi = await t.login('mover', 'another-password-9');
  });

  it.each([
    ['an empty change', {}, 400],
    ['an unknown key', { role: 'clerk', extra: 1 }, 400],
    ['an unknown role', { role: 'owner' }, 400],
    ['an unknown warehouse', { warehouseIds: [randomUUID()] }, 400],
    ['a short password', { password: 'short' }, 400],
    ['a common password', { password: 'password1234' }, 400],
    ['a blank password', { password: ' '.repeat(12) }, 400],
  ])('refuses %s with %i and changes nothing', async (_name, body, status) => {
    const before = (await t.admin.request<{ items: User[] }>('GET', '/api/v1/users')).body.items.find(
      (u) => u.id === clerk.id,
    );
    expect((await patch(t.admin, clerk.id, body)).status).toBe(status);
    const after = (await t.admin.request<{ items: User[] }>('GET', '/api/v1/users')).body.items.find(
      (u) => u.id === clerk.id,
    );
    expect(after).toEqual(before);
  });

  it('answers 404 for an unknown user, 403 to non-admins, and keeps an admin from demoting themself', async () => {
    expect((await patch(t.admin, randomUUID(), { role: 'clerk' })).status).toBe(404);
    expect((await patch(t.admin, 'not-an-id', { role: 'clerk' })).status).toBe(404);
    expect((await patch(clerkApi, clerk.id, { role: 'admin' })).status).toBe(403);
    expect((await clerkApi.request('GET', '/api/v1/users')).status).toBe(403);
    const me = (
      await t.admin.request<{ user: User }>('POST', '/api/v1/auth/login', {
        username: 'admin',
        password: 'admin-password-for-tests',
      })
    ).body.user;
    expect((await patch(t.admin, me.id, { role: 'manager' })).status).toBe(403);
  });

  it('lists users without any password material', async () => {
    const { status, body } = await t.admin.request<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/users');
    expect(status).toBe(200);
    expect(body.items.map((u) => u.username)).toEqual(['admin', 'mover']);
    for (const u of body.items)
      expect(Object.keys(u).sort()).toEqual(['active', 'id', 'role', 'username', 'warehouseIds']);
  });
});
