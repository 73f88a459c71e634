import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { STEPS } from './schema';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres db] skipped: ${missing}`);

const NOW = '2026-01-01T00:00:00.000Z';
/** The schema steps of the release that numbered seqs from one counter row. */
const COUNTER_ROW_STEPS = 5;

describe.skipIf(missing !== null)('postgres write transactions', () => {
  let cluster: TempCluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
  }, 60_000);
  afterAll(() => cluster?.stop());

  async function migrated(): Promise<Database> {
    const url = await freshSchemaUrl(cluster.url, `db_${++n}`);
    await (await openPostgresStore(url, 1)).close();
    return Database.open(url, 2);
  }

  it.each([
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
  ])('retries the whole transaction after %s (%s), keeping nothing of the failed attempt', async (code) => {
    const db = await migrated();
    try {
      let attempts = 0;
      const seq = await db.write(async (tx) => {
        attempts += 1;
        const taken = tx.nextSeq();
        await tx.all('INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [
          randomUUID(),
          `W${attempts}`,
          'w',
          NOW,
          taken,
        ]);
        if (attempts === 1) throw Object.assign(new Error('simulated'), { code });
        return taken;
      });
      expect(attempts).toBe(2);
      // The failed attempt was rolled back whole; the retry is a new transaction with its own slot.
      expect(await db.all('SELECT code, seq FROM warehouses')).toEqual([{ code: 'W2', seq }]);
    } finally {
      await db.close();
    }
  });

  it('does not retry other errors', async () => {
    const db = await migrated();
    try {
      let attempts = 0;
      await expect(
        db.write(async () => {
          attempts += 1;
          throw Object.assign(new Error('unique violation'), { code: '23505' });
        }),
      ).rejects.toThrow('unique violation');
      expect(attempts).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('CHECK (qty >= 0) refuses a negative row even if a write skipped the guard', async () => {
    const db = await migrated();
    try {
      const [w, p] = [randomUUID(), randomUUID()];
      await db.write(async (tx) => {
        await tx.all('INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [
          w,
          'W',
          'w',
          NOW,
          tx.nextSeq(),
        ]);
        await tx.all('INSERT INTO products (id, sku, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [
          p,
          'P',
          'p',
          NOW,
          tx.nextSeq(),
        ]);
        await tx.all('INSERT INTO stock (warehouse_id, product_id, qty, seq) VALUES ($1, $2, 2, $3)', [
          w,
          p,
          tx.nextSeq(),
        ]);
      });
      await expect(db.all('UPDATE stock SET qty = qty - 3')).rejects.toMatchObject({ code: '23514' });
      expect(await db.all('SELECT qty FROM stock')).toEqual([{ qty: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('a database from before seq slots migrates: new seqs come after every old one, old checkpoints stay good', async () => {
    const url = await freshSchemaUrl(cluster.url, `db_${++n}`);
    const old = Database.open(url, 1);
    try {
      // The schema as the counter-row release left it, with one warehouse at seq 41.
      for (const step of STEPS.slice(0, COUNTER_ROW_STEPS)) await old.pool.query(step);
      await old.all('CREATE TABLE schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)');
      await old.all('INSERT INTO schema_version (id, version) VALUES (1, $1)', [COUNTER_ROW_STEPS]);
      await old.all(`INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, 'OLD', 'old', $2, 41)`, [
        randomUUID(),
        NOW,
      ]);
      await old.all('UPDATE sequence SET value = 41');
    } finally {
      await old.close();
    }
    const store = await openPostgresStore(url, 2);
    try {
      await store.createWarehouse({ id: randomUUID(), code: 'NEW', name: 'new', now: NOW });
      const fromOld = await store.pull('warehouses', { after: 41, limit: 10, scope: { all: true } });
      expect(fromOld.documents.map((w) => w.code)).toEqual(['NEW']);
      const all = await store.pull('warehouses', { after: 0, limit: 10, scope: { all: true } });
      expect(all.documents.map((w) => w.code)).toEqual(['OLD', 'NEW']);
      expect(all.seqs[0]).toBe(41);
    } finally {
      await store.close();
    }
    const db = Database.open(url, 1);
    try {
      expect(await db.one(`SELECT to_regclass('sequence') AS counter`)).toEqual({ counter: null });
      expect(await db.one('SELECT seq_base FROM seq_origin')).toEqual({ seq_base: 42 });
    } finally {
      await db.close();
    }
  });

  it('a dump restored into a cluster whose transaction ids are behind the bases numbers new changes above the stored ones', async () => {
    const url = await freshSchemaUrl(cluster.url, `db_${++n}`);
    let store = await openPostgresStore(url, 2);
    await store.createWarehouse({ id: randomUUID(), code: 'OLD', name: 'old', now: NOW });
    await store.close();
    // What the restored bases look like to a younger cluster: taken far ahead of its ids.
    const db = Database.open(url, 1);
    await db.all('UPDATE seq_origin SET xid_base = xid_base + 1000000');
    await db.close();
    store = await openPostgresStore(url, 2);
    try {
      await store.createWarehouse({ id: randomUUID(), code: 'NEW', name: 'new', now: NOW });
      const all = await store.pull('warehouses', { after: 0, limit: 10, scope: { all: true } });
      expect(all.documents.map((w) => w.code)).toEqual(['OLD', 'NEW']);
      const after = await store.pull('warehouses', { after: all.seqs[0] ?? 0, limit: 10, scope: { all: true } });
      expect(after.documents.map((w) => w.code)).toEqual(['NEW']);
    } finally {
      await store.close();
    }
  });
});
