import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suggestedReorderQty } from './reorder';

describe('suggestedReorderQty', () => {
  it('uses the row reorder quantity when set', () => {
    expect(suggestedReorderQty({ qty: 2, threshold: 5, reorderQty: 40 })).toBe(40);
  });
  it('tops up to twice the threshold otherwise, and suggests nothing for a row that is not low', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), (qty, threshold) => {
        const s = suggestedReorderQty({ qty, threshold, reorderQty: 0 });
        if (qty >= threshold) return s === 0;
        return qty + s === threshold * 2 && s > 0;
      }),
    );
  });
});
