import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcileCount } from './count';
import { decide } from './decide';

const qty = fc.integer({ min: 0, max: 1000 });

describe('reconcileCount', () => {
  it('a count based on the current version sets stock to what was counted', () => {
    fc.assert(
      fc.property(qty, qty, fc.integer({ min: 0, max: 50 }), (onHand, counted, version) => {
        const out = reconcileCount(
          {
            type: 'count',
            warehouseId: 'w',
            productId: 'p',
            countedQty: counted,
            expectedQty: onHand,
            baseVersion: version,
          },
          { qty: onHand, version },
        );
        expect(out.stale).toBe(false);
        expect(out.clamped).toBe(false);
        expect(onHand + out.appliedDelta).toBe(counted);
      }),
    );
  });

  it('a stale count keeps the sales made elsewhere meanwhile, and is flagged', () => {
    fc.assert(
      fc.property(qty, qty, fc.integer({ min: 0, max: 100 }), (expected, counted, soldMeanwhile) => {
        fc.pre(soldMeanwhile <= expected);
        const current = { qty: expected - soldMeanwhile, version: 8 };
        const out = reconcileCount(
          {
            type: 'count',
            warehouseId: 'w',
            productId: 'p',
            countedQty: counted,
            expectedQty: expected,
            baseVersion: 7,
          },
          current,
        );
        expect(out.stale).toBe(true);
        expect(out.requestedDelta).toBe(counted - expected);
        const after = current.qty + out.appliedDelta;
        // the shelf had `counted` when the counter expected `expected`; later sales still count
        expect(after).toBe(Math.max(0, counted - soldMeanwhile));
        expect(out.clamped).toBe(counted - soldMeanwhile < 0);
        expect(out.discrepancy).toBe(Math.max(0, soldMeanwhile - counted));
      }),
    );
  });

  it('is never refused, and never takes stock below zero', () => {
    fc.assert(
      fc.property(qty, qty, qty, (onHand, counted, expected) => {
        const d = decide(
          { type: 'count', warehouseId: 'w', productId: 'p', countedQty: counted, expectedQty: expected },
          () => ({ qty: onHand, version: 1 }),
        );
        expect(d.status).toBe('applied');
        if (d.status === 'applied') expect(onHand + (d.legs[0]?.delta ?? 0)).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
