import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../core/port';
import { silentStoreLog } from '../store-log';
import { openBroadcastRelay } from './broadcast-relay';
import { budgetProblem } from './connection-budget';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres connection loss] skipped: ${missing}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(missing !== null)('postgres: a lost or stalled connection is an answer, not a dead process', () => {
  let cluster: TempCluster;
  let admin: Database;
  let n = 0;
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
    admin = Database.open(cluster.url, 2);
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await cluster?.stop();
  });

  async function migrated(): Promise<string> {
    const url = await freshSchemaUrl(cluster.url, `loss_${++n}`);
    await (await openPostgresStore(url, 1)).close();
    return url;
  }

  it('a write whose session is ended mid-transaction fails with StoreUnavailableError; the pool goes on', async () => {
    const lost: Error[] = [];
    const db = Database.open(await migrated(), 2, (error) => lost.push(error));
    try {
      const write = db.write(async (tx) => {
        const { pid } = (await tx.one<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
        await admin.all('SELECT pg_terminate_backend($1)', [pid]);
        // The connection dies while checked out and idle: its 'error' event comes now.
        await sleep(300);
        await tx.all('SELECT 1');
      });
      await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(lost.length).toBeGreaterThan(0);
      expect(await db.one('SELECT 1 AS ok')).toEqual({ ok: 1 });
    } finally {
      await db.close();
    }
  });

  it('a statement longer than the bound is cut off and answered as unavailable', async () => {
    const db = Database.open(await migrated(), 1);
    try {
      const started = Date.now();
      await expect(db.all('SELECT pg_sleep(30)')).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await db.close();
    }
  }, 20_000);

  it("the broadcast relay's LISTEN session, ended by the server, is opened again", async () => {
    const url = await migrated();
    const relay = await openBroadcastRelay(url, silentStoreLog);
    const httpServer = createServer();
    const io = new Server(httpServer);
    io.adapter(relay.adapter);
    const listeners = async () =>
      (
        await admin.all<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`,
        )
      ).map((r) => r.pid);
    const until = async (check: (pids: number[]) => boolean) => {
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(100)) {
        const pids = await listeners();
        if (check(pids)) return pids;
      }
      throw new Error('the LISTEN session did not come (back)');
    };
    try {
      const [first] = await until((pids) => pids.length > 0);
      await admin.all('SELECT pg_terminate_backend($1)', [first]);
      await until((pids) => pids.length > 0 && !pids.includes(first!));
    } finally {
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await relay.close();
    }
  }, 30_000);
});

describe('connection budget', () => {
  const base = { maxConnections: 100, reserved: 3, connected: 1, perInstance: 13, instances: null };

  it('fits when instances × per instance fit in what ordinary roles may use', () => {
    expect(budgetProblem({ ...base, instances: 7 })).toBeNull(); // 91 <= 97
    expect(budgetProblem({ ...base, instances: 8 })).toMatch(/8 instances × 13 connections = 104, more than .*\(97\)/);
  });

  it('without the number of instances, this one must fit beside the sessions already open', () => {
    expect(budgetProblem({ ...base, connected: 85 })).toBeNull(); // 84 others + 13 = 97
    expect(budgetProblem({ ...base, connected: 86 })).toMatch(/85 other sessions/);
  });
});
