import { randomUUID } from 'node:crypto';
import type { MovementInput } from '@stockline/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../testing/spawn-writer';
import { openPostgresStore, type PostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres keyed writes] skipped: ${missing}`);

const NOW = '2026-01-01T00:00:00.000Z';
const USER = '00000000-0000-4000-8000-000000000001';
const BATCH = 50;

/** Sequential scans of a table and the rows they read, as the statistics collector has them. */
async function scansOf(admin: pg.Client, schema: string, table: string): Promise<{ scans: number; rows: number }> {
  await admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await admin.query<{ seq_scan: string; seq_tup_read: string }>(
    'SELECT seq_scan, seq_tup_read FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2',
    [schema, table],
  );
  return { scans: Number(rows[0]?.seq_scan ?? 0), rows: Number(rows[0]?.seq_tup_read ?? 0) };
}

/** Backends send their table statistics at most once a second, once idle. */
const statisticsFlushed = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe.skipIf(missing !== null)('postgres pushes: rows found by key, writers of one row queued in memory', () => {
  let cluster: TempCluster;
  let admin: pg.Client;
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
    admin = new pg.Client(cluster.url);
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await cluster?.stop();
  });

  /** A push of `size` restocks spread over `products` in one warehouse. */
  const pushOf = (store: PostgresStore, warehouseId: string, products: readonly string[]) => (size: number) =>
    store.applyMovements({
      userId: USER,
      scope: { all: true },
      now: NOW,
      movements: Array.from({ length: size }, (_, i): MovementInput => ({
        id: randomUUID(),
        type: 'restock',
        warehouseId,
        productId: products[i % products.length] as string,
        quantity: 1,
        deviceId: 'd1',
        occurredAt: NOW,
      })),
    });

  it('a push plan cached while the tables were nearly empty does not scan the movements once they have grown', async () => {
    const schema = 'keyed_plans';
    // One connection, so every push reuses the statements (and plans) its first pushes prepared.
    const store = await openPostgresStore(await freshSchemaUrl(cluster.url, schema), 1);
    try {
      const { warehouses, products } = await seedCatalog(store, 1, 10);
      const push = pushOf(store, warehouses[0] as string, products);
      // PostgreSQL plans a prepared statement for its values five times, then may keep one
      // generic plan for the connection's life: these pushes fix it while movements is tiny.
      for (let i = 0; i < 8; i++) await push(1);
      for (let i = 0; i < 60; i++) await push(BATCH);
      await statisticsFlushed();
      const before = await scansOf(admin, schema, 'movements');
      for (let i = 0; i < 10; i++) await push(BATCH);
      await statisticsFlushed();
      const after = await scansOf(admin, schema, 'movements');
      console.log(
        `[postgres keyed writes] 10 pushes of ${BATCH} over ${68 * BATCH} movements: ${after.rows - before.rows} movements read by sequential scans (${after.scans - before.scans} heap scans, bitmap scans included)`,
      );
      expect(after.rows - before.rows).toBe(0);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('while one push holds some rows, other pushes of those rows in the same instance wait in memory, not in the database', async () => {
    const schema = 'keyed_queue';
    // The next transaction to reach its commit waits there until releaseFirst().
    let holdNext = false;
    let releaseFirst = () => undefined as void;
    let firstHeld!: () => void;
    const held = new Promise<void>((resolve) => (firstHeld = resolve));
    const store = await openPostgresStore(await freshSchemaUrl(cluster.url, schema), 8, {
      beforeCommit: () => {
        if (!holdNext) return Promise.resolve();
        holdNext = false;
        firstHeld();
        return new Promise<void>((resolve) => (releaseFirst = resolve));
      },
    });
    try {
      const { warehouses, products } = await seedCatalog(store, 1, 4);
      const push = pushOf(store, warehouses[0] as string, products);
      holdNext = true;
      const first = push(4);
      await held;
      const others = Array.from({ length: 5 }, () => push(4));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const waiting = await admin.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      );
      const sessions = await admin.query<{ n: string }>(
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'",
      );
      console.log(
        `[postgres keyed writes] one push held, 5 more on its rows: ${waiting.rows[0]?.n} waiting for a lock in the database, ${sessions.rows[0]?.n} sessions busy`,
      );
      expect(Number(waiting.rows[0]?.n)).toBe(0);
      expect(Number(sessions.rows[0]?.n)).toBe(1);
      releaseFirst();
      const verdicts = (await Promise.all([first, ...others])).flatMap((r) => r.verdicts);
      expect(verdicts.map((v) => v.status)).toEqual(verdicts.map(() => 'applied'));
      for (const p of products) expect((await store.getStock(warehouses[0] as string, p))?.qty).toBe(6);
    } finally {
      releaseFirst();
      await store.close();
    }
  }, 60_000);
});
