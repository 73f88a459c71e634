import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLow, thresholdChange } from './threshold';

describe('thresholdChange', () => {
  it('I6: along any walk of quantities, alerts and recoveries alternate, starting with an alert', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 100 }),
        (threshold, walk) => {
          let prev = { qty: threshold, threshold };
          let open = false;
          for (const qty of walk) {
            const next = { qty, threshold };
            const change = thresholdChange(prev, next);
            if (change === 'fell_below') {
              expect(open).toBe(false);
              open = true;
            } else if (change === 'recovered') {
              expect(open).toBe(true);
              open = false;
            }
            expect(open).toBe(isLow(qty, threshold));
            prev = next;
          }
        },
      ),
    );
  });

  it('raising a threshold above the stock on hand counts as falling below', () => {
    expect(thresholdChange({ qty: 5, threshold: 2 }, { qty: 5, threshold: 10 })).toBe('fell_below');
    expect(thresholdChange({ qty: 5, threshold: 10 }, { qty: 5, threshold: 3 })).toBe('recovered');
  });

  it('threshold zero never alerts', () => {
    expect(thresholdChange({ qty: 1, threshold: 0 }, { qty: 0, threshold: 0 })).toBe('none');
  });
});
