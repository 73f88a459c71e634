import { StockOracle } from '@stockline/domain/testing';
import type { MovementInput, Verdict } from '@stockline/protocol';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { Store } from '../core/port';
import { ledgerMismatches, makeWorld, newMovement, wholeLedger, type World } from './fixture';

/** Random movement sequences against the independent StockOracle (I1, I2, I3, I7). */

type Op =
  | { kind: 'restock' | 'return' | 'purchase'; w: number; p: number; q: number }
  | { kind: 'transfer'; w: number; to: number; p: number; q: number }
  | { kind: 'count'; w: number; p: number; counted: number; expected: number; base: number | null }
  | { kind: 'replay'; pick: number };

const w = fc.integer({ min: 0, max: 1 });
const p = fc.integer({ min: 0, max: 1 });
const q = fc.integer({ min: 1, max: 8 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('restock' as const, 'return' as const), w, p, q }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('purchase' as const), w, p, q }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transfer' as const), w, to: w, p, q }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('count' as const),
      w,
      p,
      counted: fc.integer({ min: 0, max: 12 }),
      expected: fc.integer({ min: 0, max: 12 }),
      base: fc.option(fc.integer({ min: 0, max: 6 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
);
const batchesArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

function toMovement(world: World, op: Exclude<Op, { kind: 'replay' }>): MovementInput {
  const [wh, prod] = [world.w[op.w] ?? world.w[0], world.p[op.p] ?? world.p[0]];
  switch (op.kind) {
    case 'restock':
      return newMovement.restock(wh, prod, op.q);
    case 'return':
      return newMovement.returned(wh, prod, op.q);
    case 'purchase':
      return newMovement.purchase(wh, prod, op.q);
    case 'transfer':
      // A transfer to its own warehouse is invalid input; send it to warehouse C instead.
      return newMovement.transfer(wh, op.to === op.w ? world.w[2] : (world.w[op.to] ?? world.w[2]), prod, op.q);
    case 'count':
      return newMovement.count(wh, prod, op.counted, op.expected, op.base ?? undefined);
  }
}

export function oracleSuite(open: () => Promise<Store>, numRuns: number): void {
  it('random movement sequences agree with the StockOracle and keep I3', async () => {
    await fc.assert(
      fc.asyncProperty(batchesArb, async (batches) => {
        const world = await makeWorld(open);
        try {
          const oracle = new StockOracle();
          const sent: Array<{ m: MovementInput; verdict: Verdict }> = [];
          for (const ops of batches) {
            const movements: MovementInput[] = [];
            const expected: Array<(v: Verdict) => void> = [];
            for (const op of ops) {
              const earlier = op.kind === 'replay' ? sent[op.pick % Math.max(1, sent.length)] : undefined;
              if (op.kind === 'replay') {
                if (!earlier) continue;
                movements.push(earlier.m);
                expected.push((v) => expect(v).toEqual(earlier.verdict));
                continue;
              }
              const m = toMovement(world, op);
              movements.push(m);
              const expectation = oracle.apply(m);
              expected.push((v) => {
                expect(v.status).toBe(expectation.status);
                if (expectation.status === 'rejected') expect(v.reason).toBe(expectation.reason);
                if (expectation.status === 'applied') expect(v.count).toEqual(expectation.count);
                sent.push({ m, verdict: v });
              });
            }
            const { verdicts } = await world.push(movements);
            verdicts.forEach((v, i) => expected[i]?.(v));
          }
          for (const wh of world.w) {
            for (const prod of world.p) expect(await world.level(wh, prod)).toEqual(oracle.level(wh, prod));
          }
          expect(await ledgerMismatches(world.store)).toEqual([]);
        } finally {
          await world.store.close();
        }
      }),
      { numRuns, ...(process.env.STORE_SEED ? { seed: Number(process.env.STORE_SEED) } : {}) },
    );
  }, 180_000);
}

/**
 * Concurrent pushes must be serializable, and the ledger's order (seq order) must be that serial
 * order: replaying the recorded movements oldest first through the oracle gives every stored
 * verdict, including the stock levels it reports, and the final rows.
 */
export function serialOrderSuite(open: () => Promise<Store>, numRuns: number): void {
  const fresh = opArb.filter((op): op is Exclude<Op, { kind: 'replay' }> => op.kind !== 'replay');
  const pushersArb = fc.array(
    fc.array(fc.array(fresh, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
    {
      minLength: 2,
      maxLength: 6,
    },
  );
  it('concurrent pushes are serializable in ledger order', async () => {
    await fc.assert(
      fc.asyncProperty(pushersArb, async (pushers) => {
        const world = await makeWorld(open);
        try {
          await world.push(world.p.flatMap((prod) => world.w.map((wh) => newMovement.restock(wh, prod, 5))));
          await Promise.all(
            pushers.map(async (batches) => {
              for (const ops of batches) await world.push(ops.map((op) => toMovement(world, op)));
            }),
          );
          const ledger = await wholeLedger(world.store);
          const oracle = new StockOracle();
          for (const m of ledger.reverse()) {
            const expectation = oracle.apply(m);
            expect(m.verdict.status, m.id).toBe(expectation.status);
            expect(m.verdict.stock).toEqual(oracle.level(m.warehouseId, m.productId));
            if (m.type === 'transfer') expect(m.verdict.toStock).toEqual(oracle.level(m.toWarehouseId, m.productId));
          }
          for (const wh of world.w) {
            for (const prod of world.p) expect(await world.level(wh, prod)).toEqual(oracle.level(wh, prod));
          }
        } finally {
          await world.store.close();
        }
      }),
      { numRuns, ...(process.env.STORE_SEED ? { seed: Number(process.env.STORE_SEED) } : {}) },
    );
  }, 180_000);
}
