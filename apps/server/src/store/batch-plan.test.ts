import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, MovementInput, StockRow } from '@stockline/protocol';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import type { MovementBatch } from './core/port';
import { randomBatch, seededRandom } from './testing/random-movements';
import { seedStore } from './testing/spawn-writer';
import { stockKey } from '@stockline/domain';
import { BatchPlan, type BatchFacts } from './core/batch-plan';

/**
 * Every adapter executes BatchPlan. Here the plan decides on its own facts, folded forward from
 * its own changes batch by batch, and is held to the SQLite adapter (which writes and re-reads
 * the rows) on the same random batches: byte-identical verdicts, the same rows, the same alerts,
 * its seqs one contiguous range. It stands in for MongoDB, which does not run here.
 */
const dir = mkdtempSync(join(tmpdir(), 'stockline-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const alertShape = (a: Alert) =>
  [a.warehouseId, a.productId, a.status, a.qty, a.threshold, a.movementId ?? ''].join('|');

it('BatchPlan answers random batches exactly as the SQLite adapter does', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
      const { store, catalog } = await seedStore(join(dir, `plan-${++files}.db`), 3, 3);
      try {
        const all = { all: true } as const;
        // The plan's own picture of the store, folded forward from its own changes batch by batch.
        const stored = new Map<string, { body: string; verdict: string }>();
        const stock = new Map<string, StockRow>();
        const unresolved = new Map<string, Alert>();
        const facts: BatchFacts = {
          stored: (id) => stored.get(id),
          product: (id) => (catalog.products.includes(id) ? 'active' : 'missing'),
          warehouse: (id) => (catalog.warehouses.includes(id) ? 'active' : 'missing'),
          stock: (w, p) => stock.get(stockKey(w, p)),
          unresolvedAlert: (w, p) => unresolved.get(stockKey(w, p)),
        };
        for (const row of await store.listStock({ scope: all }))
          stock.set(stockKey(row.warehouseId, row.productId), row);
        for (const a of await store.listAlerts({ scope: all, status: 'open' }))
          unresolved.set(stockKey(a.warehouseId, a.productId), a);
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
          if (earlier && earlier.type !== 'count' && rand() < 0.3)
            movements.push({ ...earlier, quantity: earlier.quantity + 1 });
          const batch: MovementBatch = {
            userId: '00000000-0000-4000-8000-000000000001',
            scope: all,
            movements,
            now: '2026-01-01T00:00:00.000Z',
          };
          if (rand() < 0.2) batch.scope = { all: false, warehouseIds: catalog.warehouses.slice(1) };
          const expected = await store.applyMovements(batch);
          const plan = new BatchPlan(batch, facts);
          plan.shiftSeqs(base);
          const got = plan.changes();
          // Every planned write holds one seq of the reserved range base+1..base+n, each used once,
          // movements numbered in batch order, and the checkpoint is the range's end.
          const seqs = [
            ...plan.stockWrites.map((w) => w.seq),
            ...plan.movements.map((d) => d.seq),
            ...plan.alertWrites.map((w) => w.seq),
          ].sort((a, b) => a - b);
          expect(seqs).toEqual(Array.from({ length: plan.seqCount }, (_, k) => base + 1 + k));
          const movementSeqs = plan.movements.map((d) => d.seq);
          expect(movementSeqs).toEqual([...movementSeqs].sort((a, b) => a - b));
          expect(got.checkpoint.seq).toBe(plan.seqCount > 0 ? base + plan.seqCount : 0);
          base += plan.seqCount;
          expect(JSON.stringify(plan.verdicts)).toBe(JSON.stringify(expected.verdicts));
          expect(got.movements).toEqual(expected.changes.movements);
          const byKey = (rows: typeof got.stock) =>
            [...rows].sort((a, b) =>
              stockKey(a.warehouseId, a.productId).localeCompare(stockKey(b.warehouseId, b.productId)),
            );
          expect(byKey(got.stock)).toEqual(byKey(expected.changes.stock));
          expect(got.alerts.map(alertShape).sort()).toEqual(expected.changes.alerts.map(alertShape).sort());
          expect(plan.seqCount > 0).toBe(expected.changes.checkpoint.seq > 0);
          for (const m of plan.movements) stored.set(m.id, { body: m.body, verdict: m.verdict });
          for (const row of got.stock) stock.set(stockKey(row.warehouseId, row.productId), row);
          for (const a of got.alerts) {
            if (a.status === 'resolved') unresolved.delete(stockKey(a.warehouseId, a.productId));
            else unresolved.set(stockKey(a.warehouseId, a.productId), a);
          }
          for (const leg of plan.ledger)
            ledger.set(
              stockKey(leg.warehouseId, leg.productId),
              (ledger.get(stockKey(leg.warehouseId, leg.productId)) ?? 0) + leg.delta,
            );
          sent.push(...movements);
        }
        // The plan's own ledger legs add up to its rows (I3), and its rows equal SQLite's.
        for (const [key, row] of stock) expect(row.qty, key).toBe(ledger.get(key) ?? 0);
        for (const row of await store.listStock({ scope: all })) {
          expect(stock.get(stockKey(row.warehouseId, row.productId))).toMatchObject({
            qty: row.qty,
            version: row.version,
            threshold: row.threshold,
          });
        }
        expect([...unresolved.keys()].sort()).toEqual(
          (await store.listAlerts({ scope: all }))
            .filter((a) => a.status !== 'resolved')
            .map((a) => stockKey(a.warehouseId, a.productId))
            .sort(),
        );
      } finally {
        await store.close();
      }
    }),
    { numRuns: 25, ...(process.env.STORE_SEED ? { seed: Number(process.env.STORE_SEED) } : {}) },
  );
}, 120_000);
