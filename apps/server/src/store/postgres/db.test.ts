import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './db';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres db] skipped: ${missing}`);

const NOW = '2026-01-01T00:00:00.000Z';

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
        await tx.all('INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), `W${attempts}`, 'w', NOW, taken]);
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
        await tx.all('INSERT INTO warehouses (id, code, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [w, 'W', 'w', NOW, tx.nextSeq()]);
        await tx.all('INSERT INTO products (id, sku, name, updated_at, seq) VALUES ($1, $2, $3, $4, $5)', [p, 'P', 'p', NOW, tx.nextSeq()]);
        await tx.all('INSERT INTO stock (warehouse_id, product_id, qty, seq) VALUES ($1, $2, 2, $3)', [w, p, tx.nextSeq()]);
      });
      await expect(db.all('UPDATE stock SET qty = qty - 3')).rejects.toMatchObject({ code: '23514' });
      expect(await db.all('SELECT qty FROM stock')).toEqual([{ qty: 2 }]);
    } finally {
      await db.close();
    }
  });
});
