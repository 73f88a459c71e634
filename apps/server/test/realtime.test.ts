import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Poke, SOCKET_AUTH_ERROR } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import {
  eventually,
  openSocket,
  settle,
  startTestServer,
  TEST_JWT_SECRET,
  type ClientSocket,
  type TestServer,
} from './support/harness';
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
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(s.users.clerkA.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    expect(await refusal(t.url, { token: forged })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('refuses an expired token, saying so', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: 'clerk' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(s.users.clerkA.id)
      .setIssuedAt(past - 60)
      .setExpirationTime(past)
      .sign(key);
    expect(await refusal(t.url, { token: expired })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'token_expired' });
  });

  it('refuses a valid signature for a user that does not exist', async () => {
    const ghost = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(crypto.randomUUID())
      .setExpirationTime('1h')
      .sign(key);
    expect(await refusal(t.url, { token: ghost })).toEqual({ message: SOCKET_AUTH_ERROR, code: 'unauthorized' });
  });

  it('accepts a valid token and counts the socket in the metrics', async () => {
    const socket = await openSocket(t.url, { token: s.as.clerkA.token });
    expect(socket.connected).toBe(true);
    const metrics = await (
      await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer scraper-token-0123456789' } })
    ).text();
    expect(metrics).toMatch(/^stockline_connected_sockets [1-9]/m);
    socket.close();
  });
});

describe('pokes follow scope and carry no documents', () => {
  let t: TestServer;
  let s: Staff;
  const sockets: ClientSocket[] = [];
  const pokes: Record<'clerkA' | 'clerkB' | 'managerA' | 'admin' | 'clerkAOtherDevice', unknown[]> = {
    clerkA: [],
    clerkB: [],
    managerA: [],
    admin: [],
    clerkAOtherDevice: [],
  };
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    const connect = async (name: keyof typeof pokes, token: string | null, deviceId?: string) => {
      const socket = await openSocket(t.url, { token, ...(deviceId ? { deviceId } : {}) });
      socket.on('poke', (poke) => pokes[name].push(poke));
      // Whatever else the server might send is recorded too: nothing but pokes may arrive.
      socket.onAny((event: string) => seen.add(event));
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

  const pokesOf = (name: keyof typeof pokes, collection: string) =>
    pokes[name].map((p) => Poke.parse(p)).filter((p) => p.collection === collection);

  it('pokes stock to the sockets whose scope holds the warehouse, and movements to the recording device only', async () => {
    const m = movement({
      type: 'restock',
      warehouseId: s.warehouses.a.id,
      productId: s.product.id,
      quantity: 7,
      deviceId: 'device-a',
    });
    const reply = await s.as.clerkA.push([m]);
    expect(reply.results[0]?.status).toBe('applied');
    await settle(t.admin, sockets);

    // The write's seq covers the movement it recorded, which the device then pulls with its verdict.
    const moved = await s.as.clerkA.pull('movements', { deviceId: 'device-a' });
    expect(moved.documents).toEqual([expect.objectContaining({ id: m.id, verdict: reply.results[0] })]);
    for (const name of ['clerkA', 'clerkAOtherDevice', 'managerA', 'admin'] as const) {
      expect(pokesOf(name, 'stock').at(-1)?.seq, name).toBeGreaterThanOrEqual(moved.checkpoint.seq);
    }
    expect(pokesOf('clerkB', 'stock')).toEqual([]);
    expect(pokesOf('clerkA', 'movements').at(-1)?.seq).toBeGreaterThanOrEqual(moved.checkpoint.seq);
    for (const name of ['clerkAOtherDevice', 'clerkB', 'managerA', 'admin'] as const)
      expect(pokesOf(name, 'movements'), name).toEqual([]);
  });

  it('pokes products and warehouses to everyone', async () => {
    await t.admin.createWarehouse({ code: 'WSTREAM' });
    const { checkpoint } = await t.admin.pull('warehouses');
    await settle(t.admin, sockets);
    for (const name of Object.keys(pokes) as Array<keyof typeof pokes>) {
      expect(pokesOf(name, 'products').length, name).toBeGreaterThan(0);
      expect(pokesOf(name, 'warehouses').at(-1)?.seq, name).toBeGreaterThanOrEqual(checkpoint.seq);
    }
  });

  it('pokes alerts to managers and admins in scope only', async () => {
    await s.as.managerA.setThreshold(s.warehouses.a.id, s.product.id, 100);
    await settle(t.admin, sockets);
    const { documents } = await s.as.managerA.pull('alerts');
    expect(documents).toHaveLength(1);
    for (const name of ['managerA', 'admin'] as const) expect(pokesOf(name, 'alerts'), name).toHaveLength(1);
    for (const name of ['clerkA', 'clerkAOtherDevice', 'clerkB'] as const)
      expect(pokesOf(name, 'alerts'), name).toHaveLength(0);
  });

  it("after a burst of writes, the last poke carries the burst's highest seq", async () => {
    const before = pokesOf('clerkB', 'stock').length;
    const burst = 40;
    await Promise.all(
      Array.from({ length: burst }, () =>
        s.as.clerkB.push([
          movement({ type: 'restock', warehouseId: s.warehouses.b.id, productId: s.product.id, quantity: 1 }),
        ]),
      ),
    );
    const { checkpoint } = await s.as.clerkB.pull('stock');
    // Coalescing may fold the tail of the burst into a later poke; it must still come, with the top seq.
    await eventually(() => (pokesOf('clerkB', 'stock').at(-1)?.seq ?? 0) >= checkpoint.seq, 5_000, 'the trailing poke');
    expect(pokesOf('clerkB', 'stock').length - before).toBeLessThanOrEqual(burst);
  });

  it('sends no other event', () => {
    expect([...seen]).toEqual(['poke']);
  });
});

describe('a live socket whose token expires', () => {
  it('is disconnected by the server, and its reconnect is refused as token_expired', async () => {
    const t = await startTestServer({ JWT_TTL: '2s' });
    try {
      const socket = await openSocket(t.url, { token: t.admin.token });
      const reason = await new Promise<string>((done) => socket.once('disconnect', (r) => done(r)));
      expect(reason).toBe('io server disconnect');
      expect(await refusal(t.url, { token: t.admin.token })).toEqual({
        message: SOCKET_AUTH_ERROR,
        code: 'token_expired',
      });
    } finally {
      await t.close();
    }
  });
});
