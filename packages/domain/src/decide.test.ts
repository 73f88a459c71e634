import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import type { MovementIntent } from './movement';
import { MAX_QTY } from './movement';
import { EMPTY_LEVEL } from './stock';
import { StockOracle } from './testing/stock-oracle';

const WAREHOUSES = ['w1', 'w2', 'w3'];
const PRODUCTS = ['p1', 'p2'];

const warehouse = fc.constantFrom(...WAREHOUSES);
const product = fc.constantFrom(...PRODUCTS);
const quantity = fc.integer({ min: 1, max: 20 });

const movement: fc.Arbitrary<MovementIntent> = fc.oneof(
  fc.record({
    type: fc.constantFrom('purchase' as const, 'return' as const, 'restock' as const),
    warehouseId: warehouse,
    productId: product,
    quantity,
  }),
  fc
    .record({
      type: fc.constant('transfer' as const),
      warehouseId: warehouse,
      toWarehouseId: warehouse,
      productId: product,
      quantity,
    })
    .filter((m) => m.warehouseId !== m.toWarehouseId),
  fc.record({
    type: fc.constant('count' as const),
    warehouseId: warehouse,
    productId: product,
    countedQty: fc.integer({ min: 0, max: 40 }),
    expectedQty: fc.integer({ min: 0, max: 40 }),
    baseVersion: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  }),
);

describe('decide', () => {
  it('agrees with the independent oracle on every verdict and every row, and never goes below zero (I1, I3)', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 200 }), (movements) => {
        const oracle = new StockOracle();
        // Rows as decide() leaves them, kept with plain arithmetic.
        const rows = new Map<string, { qty: number; version: number }>();
        const level = (w: string, p: string) => rows.get(`${w}/${p}`) ?? { qty: 0, version: 0 };
        for (const m of movements) {
          const d = decide(m, (w) => level(w, m.productId));
          const expected = oracle.apply(m);
          expect(d.status).toBe(expected.status);
          if (d.status === 'rejected' && expected.status === 'rejected') expect(d.reason).toBe(expected.reason);
          if (d.status === 'applied' && expected.status === 'applied') {
            expect(JSON.stringify(d.count)).toBe(JSON.stringify(expected.count));
            for (const leg of d.legs) {
              const before = level(leg.warehouseId, m.productId);
              rows.set(`${leg.warehouseId}/${m.productId}`, {
                qty: before.qty + leg.delta,
                version: before.version + 1,
              });
            }
          }
          for (const w of WAREHOUSES) {
            expect(level(w, m.productId)).toEqual(oracle.level(w, m.productId));
            expect(level(w, m.productId).qty).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });

  it('I7: a transfer moves units between warehouses or does nothing, and never creates stock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (atSource, atDest, qty) => {
          const levels: Record<string, number> = { a: atSource, b: atDest };
          const d = decide(
            { type: 'transfer', warehouseId: 'a', toWarehouseId: 'b', productId: 'p', quantity: qty },
            (w) => ({ qty: levels[w] ?? 0, version: 1 }),
          );
          if (qty > atSource) {
            expect(d).toEqual({ status: 'rejected', reason: 'insufficient_stock' });
          } else {
            expect(d.status).toBe('applied');
            if (d.status !== 'applied') return;
            expect(d.legs).toHaveLength(2);
            expect(d.legs.reduce((s, l) => s + l.delta, 0)).toBe(0);
          }
        },
      ),
    );
  });

  it('a purchase of exactly the stock on hand is allowed; one more unit is refused', () => {
    const at = (qty: number) => () => ({ qty, version: 3 });
    const buy = (quantity: number): MovementIntent => ({
      type: 'purchase',
      warehouseId: 'w',
      productId: 'p',
      quantity,
    });
    expect(decide(buy(5), at(5))).toEqual({ status: 'applied', legs: [{ warehouseId: 'w', delta: -5 }] });
    expect(decide(buy(6), at(5))).toEqual({ status: 'rejected', reason: 'insufficient_stock' });
  });

  it('returns and restocks are never refused', () => {
    fc.assert(
      fc.property(fc.constantFrom('return' as const, 'restock' as const), quantity, (type, q) => {
        expect(decide({ type, warehouseId: 'w', productId: 'p', quantity: q }, () => EMPTY_LEVEL).status).toBe(
          'applied',
        );
      }),
    );
  });
});

describe('capacity', () => {
  it('refuses a receipt that would take a row past MAX_QTY, and a count stops at it', () => {
    const full = () => ({ qty: MAX_QTY - 1, version: 1 });
    expect(decide({ type: 'restock', warehouseId: 'w', productId: 'p', quantity: 2 }, full)).toEqual({
      status: 'rejected',
      reason: 'over_capacity',
    });
    const d = decide({ type: 'count', warehouseId: 'w', productId: 'p', countedQty: MAX_QTY, expectedQty: 0 }, full);
    expect(d.status === 'applied' && d.legs[0]?.delta).toBe(1);
  });

  it('a clamped count applies 0 - qty, never -0', () => {
    const d = decide(
      { type: 'count', warehouseId: 'w', productId: 'p', countedQty: 0, expectedQty: 3 },
      () => EMPTY_LEVEL,
    );
    expect(Object.is(d.status === 'applied' && d.legs[0]?.delta, 0)).toBe(true);
  });
});
