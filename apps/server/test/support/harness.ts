import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Poke, ServerToClientEvents } from '@stockline/protocol';
import { Api } from '@stockline/test/support/api';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { createServer, type StocklineServer } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { UserService } from '../../src/services/users';
import { openStore, type StoreOptions } from '../../src/store/index';
import type { Store } from '../../src/store/core/port';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestServer {
  url: string;
  config: Config;
  store: Store;
  server: StocklineServer;
  admin: Api;
  /** Logs a user in (password defaults to the one Api.createUser gives). */
  login(username: string, password?: string): Promise<Api>;
  close(): Promise<void>;
}

/**
 * The whole server in this process on an ephemeral loopback port, over a SQLite file in a
 * fresh temporary folder (or the store `storeOptions` names): real HTTP, real sockets, real database.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  logTo?: { write(line: string): void },
  storeOptions?: StoreOptions,
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stockline-server-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    WEB_DIR: join(dataDir, 'no-web-app'),
    ...env,
  });
  // DATA_DIR in `env` starts the server on an existing store (it is then the caller's to remove).
  const store = await openStore(storeOptions ?? { kind: 'sqlite', file: join(config.dataDir, 'stockline.db') });
  await new UserService(store, () => new Date().toISOString()).ensureAdmin(config.adminPassword);
  const logger = logTo ? pino({ level: config.logLevel }, logTo) : createLogger(config.logLevel);
  const server = createServer(config, store, logger);
  const port = await server.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const admin = await Api.login(url);
  return {
    url,
    config,
    store,
    server,
    admin,
    login: (username, password = 'pallet-jack-4821') => Api.login(url, username, password),
    async close() {
      await server.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client; resolves once connected, rejects with the handshake error. */
export function openSocket(url: string, auth: Record<string, unknown>): Promise<ClientSocket> {
  const socket: ClientSocket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** How a socket handshake with `auth` ends: "connected", or the refusal's message and data. */
export async function handshakeRefusal(
  url: string,
  auth: Record<string, unknown>,
): Promise<{ message: string; code?: string; supported?: unknown }> {
  try {
    const socket = await openSocket(url, auth);
    socket.close();
    return { message: 'connected' };
  } catch (error) {
    const e = error as Error & { data?: { code?: string; supported?: unknown } };
    return { message: e.message, code: e.data?.code, supported: e.data?.supported };
  }
}

/** Waits until `check` holds, polling; for effects that arrive asynchronously (socket events). */
export async function eventually(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A barrier for asserting that something did NOT arrive: creates a product, which pokes every
 * socket, and waits until each one had a products poke at or past the product's seq. Socket.IO
 * keeps per-socket order, so anything emitted before the barrier has been delivered by then.
 */
export async function settle(admin: Api, sockets: ClientSocket[]): Promise<void> {
  let barrier = Number.POSITIVE_INFINITY;
  const reached = sockets.map(() => 0);
  const listeners = sockets.map((socket, i) => {
    const listener = (poke: Poke) => {
      if (poke.collection === 'products') reached[i] = Math.max(reached[i]!, poke.seq);
    };
    socket.on('poke', listener);
    return () => socket.off('poke', listener);
  });
  try {
    await admin.createProduct();
    barrier = (await admin.pull('products', { limit: 1000 })).checkpoint.seq;
    await eventually(() => reached.every((seq) => seq >= barrier), 5_000, 'the barrier poke on every socket');
  } finally {
    for (const off of listeners) off();
  }
}
