import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_AUTH_ERROR, type StreamEvent } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { eventually, openSocket, settle, startTestServer, TEST_JWT_SECRET, type ClientSocket, type TestServer } from './support/harness';
import { makeStaff, type Staff } from './support/world';

const key = new TextEncoder().encode(TEST_JWT_SECRET);

async function refusal(url: string, auth: Record<string, unknown>): Promise<{ message: string; code: unknown }> {
  try {
    const socket = await openSocket(url, auth);
    socket.close();
  } catch (error) {
    const e = error as Error & { data?: { code?: unknown } };
    return { message: e.message, code: e.data?.code };
  }
  throw new Error('the handshake was accepted');
}

describe('Socket.IO handshake', () => {
  let t: TestServer;
  let s: Staff;
  beforeAll(async () => {
    t = await startTestServer({ METRICS_TOKEN: 'scraper-token-0123456789' });
    s = await makeStaff(t);
  });
  afterAll(() => t?.close());

  it('refuses a socket without a token', async () => {
    expect(await refusal(t.url, {})).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('refuses a malformed token', async () => {
    expect(await refusal(t.url, { token: 'not-a-jwt' })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(s.users.clerkA.id).setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    expect(await refusal(t.url, { token: forged })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('refuses an expired token, saying so', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: 'clerk' }).setProtectedHeader({ alg: 'HS256' }).setSubject(s.users.clerkA.id).setIssuedAt(past - 60).setExpirationTime(past).sign(key);
    expect(await refusal(t.url, { token: expired })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'token_expired' });
  });

  it('refuses a valid signature for a user that does not exist', async () => {
    const ghost = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(crypto.randomUUID()).setExpirationTime('1h').sign(key);
    expect(await refusal(t.url, { token: ghost })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('accepts a valid token and counts the socket in the metrics', async () => {
    const socket = await openSocket(t.url, { token: s.as.clerkA.token });
    expect(socket.connected).toBe(true);
    const metrics = await (await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer scraper-token-0123456789' } })).text();
    expect(metrics).toMatch(/^stockline_connected_sockets [1-9]/m);
    socket.close();
  });
});

describe('stream events follow scope', () => {
  let t: TestServer;
  let s: Staff;
  const sockets: ClientSocket[] = [];
  const events: Record<'clerkA' | 'clerkB' | 'managerA' | 'admin' | 'clerkAOtherDevice', StreamEvent[]> = {
    clerkA: [],
    clerkB: [],
    managerA: [],
    admin: [],
    clerkAOtherDevice: [],
  };

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    const connect = async (name: keyof typeof events, token: string | null, deviceId?: string) => {
      const socket = await openSocket(t.url, { token, ...(deviceId ? { deviceId } : {}) });
      socket.on('stream', (event) => events[name].push(event));
      sockets.push(socket);
    };
    await connect('clerkA', s.as.clerkA.token, 'device-a');
    await connect('clerkAOtherDevice', s.as.clerkA.token, 'device-a2');
    await connect('clerkB', s.as.clerkB.token, 'device-b');
    await connect('managerA', s.as.managerA.token);
    await connect('admin', s.as.admin.token);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const docsOf = (name: keyof typeof events, collection: string) =>
    events[name].filter((e) => e.collection === collection).flatMap((e) => e.documents as Array<Record<string, unknown>>);

  it('sends stock changes to the sockets whose scope holds the warehouse, and the movement back to its device only', async () => {
    const m = movement({ type: 'restock', warehouseId: s.warehouses.a.id, productId: s.product.id, quantity: 7, deviceId: 'device-a' });
    const reply = await s.as.clerkA.push([m]);
    expect(reply.results[0]?.status).toBe('applied');
    await eventually(() => docsOf('clerkA', 'movements').length > 0, 5_000, 'the movement on its device');
    await settle(t.admin, sockets);

    for (const name of ['clerkA', 'clerkAOtherDevice', 'managerA', 'admin'] as const) {
      expect(docsOf(name, 'stock'), name).toEqual([expect.objectContaining({ warehouseId: s.warehouses.a.id, productId: s.product.id, qty: 7 })]);
    }
    expect(docsOf('clerkB', 'stock')).toEqual([]);

    expect(docsOf('clerkA', 'movements')).toEqual([expect.objectContaining({ id: m.id, verdict: reply.results[0] })]);
    for (const name of ['clerkAOtherDevice', 'clerkB', 'managerA', 'admin'] as const) expect(docsOf(name, 'movements'), name).toEqual([]);

    const event = events.clerkA.find((e) => e.collection === 'stock')!;
    expect(event.checkpoint.seq).toBeGreaterThan(0);
  });

  it('sends products and warehouses to everyone', async () => {
    const product = await t.admin.createProduct({ sku: 'SKU-STREAM' });
    const warehouse = await t.admin.createWarehouse({ code: 'WSTREAM' });
    await settle(t.admin, sockets);
    for (const name of Object.keys(events) as Array<keyof typeof events>) {
      expect(docsOf(name, 'products').map((p) => p.id), name).toContain(product.id);
      expect(docsOf(name, 'warehouses').map((w) => w.id), name).toContain(warehouse.id);
    }
  });

  it('streams alert documents to managers and admins in scope only', async () => {
    await s.as.managerA.setThreshold(s.warehouses.a.id, s.product.id, 100);
    await settle(t.admin, sockets);
    for (const name of ['managerA', 'admin'] as const) expect(docsOf(name, 'alerts'), name).toHaveLength(1);
    for (const name of ['clerkA', 'clerkAOtherDevice', 'clerkB'] as const) expect(docsOf(name, 'alerts'), name).toHaveLength(0);
  });
});

describe('a live socket whose token expires', () => {
  it('is disconnected by the server, and its reconnect is refused as token_expired', async () => {
    const t = await startTestServer({ JWT_TTL: '2s' });
    try {
      const socket = await openSocket(t.url, { token: t.admin.token });
      const reason = await new Promise<string>((done) => socket.once('disconnect', (r) => done(r)));
      expect(reason).toBe('io server disconnect');
      expect(await refusal(t.url, { token: t.admin.token })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'token_expired' });
    } finally {
      await t.close();
    }
  });
});
