import { randomUUID } from 'node:crypto';
import type { MovementInput } from '@stockline/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementBatch } from '../core/port';
import { seedCatalog } from '../testing/spawn-writer';
import { ROWS_PER_TRANSACTION } from './batch';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres batch] skipped: ${missing}`);

const NOW = '2026-01-01T00:00:00.000Z';
const USER = '00000000-0000-4000-8000-000000000001';
const batchOf = (movements: MovementInput[]): MovementBatch => ({
  userId: USER,
  scope: { all: true },
  movements,
  now: NOW,
});
const base = (warehouseId: string, productId: string) => ({
  id: randomUUID(),
  warehouseId,
  productId,
  deviceId: 'd1',
  occurredAt: NOW,
});

describe.skipIf(missing !== null)('postgres pushes without a global lock', () => {
  let cluster: TempCluster;
  let n = 0;
  const fresh = () => freshSchemaUrl(cluster.url, `batch_${++n}`);
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('a batch naming more stock rows than one transaction locks is applied in parts, each movement whole', async () => {
    const store = await openPostgresStore(await fresh(), 2);
    try {
      const products = Math.ceil(ROWS_PER_TRANSACTION * 0.75); // two rows each: more than one part
      const { warehouses, products: ids } = await seedCatalog(store, 2, products);
      const [w0, w1] = warehouses as [string, string];
      // Per product: a restock at w0, then a transfer of part of it to w1 (its legs must share a part).
      const movements: MovementInput[] = ids.flatMap((p) => [
        { ...base(w0, p), type: 'restock' as const, quantity: 5 },
        { ...base(w0, p), type: 'transfer' as const, toWarehouseId: w1, quantity: 2 },
      ]);
      const { verdicts, changes } = await store.applyMovements(batchOf(movements));
      expect(verdicts.map((v) => v.status)).toEqual(movements.map(() => 'applied'));
      expect(changes.movements).toHaveLength(movements.length);
      expect(changes.stock).toHaveLength(2 * products);
      for (const p of ids) {
        expect((await store.getStock(w0, p))?.qty).toBe(3);
        expect((await store.getStock(w1, p))?.qty).toBe(2);
      }
      const all = { after: 0, limit: 1000, scope: { all: true } } as const;
      const stock = await store.pull('stock', all);
      const mine = await store.pull('movements', { ...all, deviceId: 'd1', userId: USER });
      expect(mine.documents).toHaveLength(movements.length);
      expect(changes.checkpoint.seq).toBe(Math.max(...stock.seqs, ...mine.seqs));
      for (const row of await store.auditLedger()) expect(row.qty).toBe(row.ledgerSum);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('the same push sent twice at once, through two instances, applies each movement once and answers both alike', async () => {
    const url = await fresh();
    const [a, b] = [await openPostgresStore(url, 2), await openPostgresStore(url, 2)];
    try {
      const { warehouses, products } = await seedCatalog(a, 1, 2);
      const [w] = warehouses as [string];
      const rounds = 20;
      for (let round = 0; round < rounds; round++) {
        const batch = batchOf(products.map((p) => ({ ...base(w, p), type: 'restock' as const, quantity: 1 })));
        const [first, second] = await Promise.all([a.applyMovements(batch), b.applyMovements(batch)]);
        expect(second.verdicts).toEqual(first.verdicts);
        expect(first.verdicts.map((v) => v.status)).toEqual(products.map(() => 'applied'));
      }
      for (const p of products) expect((await a.getStock(w, p))?.qty).toBe(rounds);
      for (const row of await a.auditLedger()) expect(row.qty).toBe(row.ledgerSum);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('one movement id pushed at once with different rows (no shared lock): one applies, the other is refused id_reused, nothing fails', async () => {
    const url = await fresh();
    const [a, b] = [await openPostgresStore(url, 2), await openPostgresStore(url, 2)];
    try {
      const { warehouses, products } = await seedCatalog(a, 1, 2);
      const [w] = warehouses as [string];
      const [p0, p1] = products as [string, string];
      for (let round = 0; round < 20; round++) {
        const id = randomUUID();
        const [first, second] = await Promise.all([
          a.applyMovements(batchOf([{ ...base(w, p0), id, type: 'restock', quantity: 1 }])),
          b.applyMovements(batchOf([{ ...base(w, p1), id, type: 'restock', quantity: 1 }])),
        ]);
        const outcomes = [first, second].map((r) => r.verdicts[0]?.reason ?? r.verdicts[0]?.status).sort();
        expect(outcomes).toEqual(['applied', 'id_reused']);
      }
      const levels = ((await a.getStock(w, p0))?.qty ?? 0) + ((await a.getStock(w, p1))?.qty ?? 0);
      expect(levels).toBe(20);
      for (const row of await a.auditLedger()) expect(row.qty).toBe(row.ledgerSum);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
