import { connect as connectTcp, type Socket as TcpSocket } from 'node:net';
import { io as connectSocket } from 'socket.io-client';
import { SOCKET_LIMIT_ERROR } from '@stockline/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openSocket, startTestServer, type ClientSocket, type TestServer } from './support/harness';

/**
 * A client that trickles its request keeps a connection (and its memory) for as long as the
 * server waits; one user opening sockets without end does the same for sockets. Both are bounded.
 */

interface Trickled {
  /** Everything the server sent before closing. */
  answer: string;
  /** From the first byte sent to the server's close. */
  heldMs: number;
}

/** Sends `head` at once, then one byte of `drip` every `everyMs` until the server closes the connection. */
function trickle(url: string, head: string, drip: string, everyMs: number, giveUpMs: number): Promise<Trickled> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: TcpSocket = connectTcp(Number(port), hostname);
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (!socket.destroyed) socket.write(drip[sent++ % drip.length]!);
    }, everyMs);
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still connected after ${giveUpMs} ms (${sent} bytes trickled)`));
    }, giveUpMs);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset is also the server ending it; 'close' follows
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ answer, heldMs: Date.now() - started });
    });
    socket.write(head);
  });
}

describe('slow clients are cut off', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
  });
  afterAll(() => t?.close());

  it('headers trickled a byte at a time: 408 and closed once HEADERS_TIMEOUT_MS has passed', async () => {
    const held = await trickle(t.url, 'GET /healthz HTTP/1.1\r\nHost: stock\r\n', 'X-Slow: drip\r\n', 100, 8_000);
    expect(held.answer).toMatch(/^HTTP\/1\.1 408 /);
    // The bound plus Node's check interval (1 s here), with room for a loaded machine.
    expect(held.heldMs).toBeGreaterThanOrEqual(900);
    expect(held.heldMs).toBeLessThan(6_000);
  });

  it('a body trickled a byte at a time: 408 and closed once REQUEST_TIMEOUT_MS has passed', async () => {
    const head = `POST /api/v1/auth/login HTTP/1.1\r\nHost: stock\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"username":"`;
    const held = await trickle(t.url, head, 'a', 100, 8_000);
    expect(held.answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(held.heldMs).toBeGreaterThanOrEqual(1_900);
    expect(held.heldMs).toBeLessThan(7_000);
  });

  it('a prompt client on the same server is served', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});

describe('sockets per user', () => {
  let t: TestServer;
  const open: ClientSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer({ SOCKETS_PER_USER: '3' });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await t?.close();
  });

  /** A handshake's outcome: 'connected', or the refusal's message and data. */
  function handshake(token: string): Promise<{ socket: ClientSocket; outcome: string }> {
    const socket: ClientSocket = connectSocket(t.url, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    open.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => resolve({ socket, outcome: 'connected' }));
      socket.once('connect_error', (error: Error & { data?: unknown }) =>
        resolve({ socket, outcome: `${error.message} ${JSON.stringify(error.data)}` }),
      );
    });
  }

  it('SOCKETS_PER_USER handshakes at once connect; the others are refused with a clear error; other users are not affected', async () => {
    const w = await t.admin.createWarehouse();
    await t.admin.createUser({ username: 'clerk-many', role: 'clerk', warehouseIds: [w.id] });
    const clerk = await t.login('clerk-many');
    // Eight at the same moment: the count and the join are one step, so exactly three get in.
    const handshakes = await Promise.all(Array.from({ length: 8 }, () => handshake(clerk.token!)));
    const refusal = `${SOCKET_LIMIT_ERROR} ${JSON.stringify({ code: SOCKET_LIMIT_ERROR, limit: 3 })}`;
    expect(handshakes.map((h) => h.outcome).sort()).toEqual(
      [...Array(3).fill('connected'), ...Array(5).fill(refusal)].sort(),
    );
    // Someone else's sockets are counted apart.
    const other = await openSocket(t.url, { token: t.admin.token });
    open.push(other);

    // Closing one frees its place (the server learns of the close a moment later).
    handshakes.find((h) => h.outcome === 'connected')!.socket.close();
    const deadline = Date.now() + 5_000;
    for (
      let again = await handshake(clerk.token!);
      again.outcome !== 'connected';
      again = await handshake(clerk.token!)
    ) {
      expect(again.outcome).toBe(refusal);
      if (Date.now() > deadline) throw new Error('no socket place freed within 5 s of a close');
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

describe('configuration', () => {
  it('reads the slow-client bounds and the socket cap, and refuses a headers timeout above the request timeout', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({
      timeouts: { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 65_000 },
      socketsPerUser: 20,
    });
    expect(
      loadConfig(
        {
          HEADERS_TIMEOUT_MS: '5000',
          REQUEST_TIMEOUT_MS: '30000',
          KEEP_ALIVE_TIMEOUT_MS: '7000',
          SOCKETS_PER_USER: '4',
        },
        '/srv',
      ),
    ).toMatchObject({
      timeouts: { headersMs: 5_000, requestMs: 30_000, keepAliveMs: 7_000 },
      socketsPerUser: 4,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' }, '/srv')).toThrow(
      /HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS/,
    );
    expect(() => loadConfig({ SOCKETS_PER_USER: '0' }, '/srv')).toThrow(/SOCKETS_PER_USER/);
  });
});
