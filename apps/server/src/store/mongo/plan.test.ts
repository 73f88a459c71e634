import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, MovementInput } from '@stockline/protocol';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { MovementBatch } from '../port';
import { randomBatch, seededRandom } from '../sqlite/testing/random-movements';
import { seedStore } from '../sqlite/testing/spawn-writer';
import { stockKey } from '@stockline/domain';
import type { AlertDoc, StockDoc } from './documents';
import { BatchPlan, type Snapshot } from './plan';

/**
 * The MongoDB adapter decides a batch in memory (BatchPlan) where SQLite decides it row by row.
 * No MongoDB server is available here, so this pure part is held to the SQLite adapter directly:
 * the same random batches must get byte-identical verdicts, the same rows and the same alerts.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockline-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const alertShape = (a: Alert) => [a.warehouseId, a.productId, a.status, a.qty, a.threshold, a.movementId ?? ''].join('|');

it('BatchPlan answers random batches exactly as the SQLite adapter does', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
      const { store, catalog } = await seedStore(join(dir, `plan-${++files}.db`), 3, 3);
      try {
        const all = { all: true } as const;
        const snap: Snapshot = {
          movements: new Map(),
          products: new Set(catalog.products),
          warehouses: new Set(catalog.warehouses),
          stock: new Map(),
          unresolved: new Map(),
        };
        for (const row of await store.listStock({ scope: all })) {
          const key = stockKey(row.warehouseId, row.productId);
          snap.stock.set(key, { ...row, _id: key, seq: 0, low: row.qty < row.threshold } satisfies StockDoc);
        }
        for (const a of await store.listAlerts({ scope: all, status: 'open' })) {
          const { id, ...rest } = a;
          const key = stockKey(a.warehouseId, a.productId);
          snap.unresolved.set(key, { ...rest, _id: id, seq: 0, key, unresolved: true } satisfies AlertDoc);
        }
        const rand = seededRandom(seed);
        const sent: MovementInput[] = [];
        const ledger = new Map<string, number>();
        // The seqs reserved so far; starts off zero so a plan that forgot to shift would show.
        let base = Math.floor(rand() * 1000) + 1;
        for (let i = 0; i < 12; i++) {
          const movements = randomBatch(rand, catalog, 'device-1', 6);
          // Mix in replays, and an id reused with other content, of earlier movements.
          const earlier = sent[Math.floor(rand() * sent.length)];
          if (earlier) movements.push(earlier);
          if (earlier && earlier.type !== 'count' && rand() < 0.3) movements.push({ ...earlier, quantity: earlier.quantity + 1 });
          const batch: MovementBatch = { userId: '00000000-0000-4000-8000-000000000001', scope: all, movements, now: '2026-01-01T00:00:00.000Z' };
          if (rand() < 0.2) batch.scope = { all: false, warehouseIds: catalog.warehouses.slice(1) };
          const expected = await store.applyMovements(batch);
          const plan = new BatchPlan(batch, snap);
          plan.shiftSeqs(base);
          const got = plan.changes();
          // Every planned write holds one seq of the reserved range base+1..base+n, each used once,
          // movements numbered in batch order, and the checkpoint is the range's end.
          const seqs = [
            ...plan.stockWrites.map((w) => (w.kind === 'insert' ? w.doc.seq : w.seq)),
            ...plan.movementDocs.map((d) => d.seq),
            ...plan.alertWrites.map((w) => (w.kind === 'insert' ? w.doc.seq : w.seq)),
          ].sort((a, b) => a - b);
          expect(seqs).toEqual(Array.from({ length: plan.seqCount }, (_, k) => base + 1 + k));
          const movementSeqs = plan.movementDocs.map((d) => d.seq);
          expect(movementSeqs).toEqual([...movementSeqs].sort((a, b) => a - b));
          expect(got.checkpoint.seq).toBe(plan.seqCount > 0 ? base + plan.seqCount : 0);
          base += plan.seqCount;
          expect(JSON.stringify(plan.verdicts)).toBe(JSON.stringify(expected.verdicts));
          expect(got.movements).toEqual(expected.changes.movements);
          const byKey = (rows: typeof got.stock) => [...rows].sort((a, b) => stockKey(a.warehouseId, a.productId).localeCompare(stockKey(b.warehouseId, b.productId)));
          expect(byKey(got.stock)).toEqual(byKey(expected.changes.stock));
          expect(got.alerts.map(alertShape).sort()).toEqual(expected.changes.alerts.map(alertShape).sort());
          expect(plan.seqCount > 0).toBe(expected.changes.checkpoint.seq > 0);
          for (const leg of plan.ledgerDocs) ledger.set(stockKey(leg.warehouseId, leg.productId), (ledger.get(stockKey(leg.warehouseId, leg.productId)) ?? 0) + leg.delta);
          sent.push(...movements);
        }
        // The plan's own ledger legs add up to its rows (I3), and its rows equal SQLite's.
        for (const [key, row] of snap.stock) expect(row.qty, key).toBe(ledger.get(key) ?? 0);
        for (const row of await store.listStock({ scope: all })) {
          expect(snap.stock.get(stockKey(row.warehouseId, row.productId))).toMatchObject({ qty: row.qty, version: row.version, threshold: row.threshold });
        }
        expect([...snap.unresolved.keys()].sort()).toEqual(
          (await store.listAlerts({ scope: all })).filter((a) => a.status !== 'resolved').map((a) => stockKey(a.warehouseId, a.productId)).sort(),
        );
      } finally {
        await store.close();
      }
    }),
    { numRuns: 25, ...(process.env.STORE_SEED ? { seed: Number(process.env.STORE_SEED) } : {}) },
  );
}, 120_000);
