import { describe, expect, it } from 'vitest';
import { EMPTY_SELECTION, selectionReducer, type SelectionAction } from './quantity';

const run = (actions: SelectionAction[]) => actions.reduce(selectionReducer, EMPTY_SELECTION);

describe('selectionReducer', () => {
  it('starts a new item at one', () => {
    expect(run([{ type: 'scanned', productId: 'a' }])).toEqual({ productId: 'a', quantity: 1 });
  });

  it('adds up repeated scans of the same item', () => {
    const scans: SelectionAction[] = Array.from({ length: 5 }, () => ({ type: 'scanned', productId: 'a' }));
    expect(run(scans).quantity).toBe(5);
  });

  it('starts again at one when another item is scanned', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'scanned', productId: 'a' },
        { type: 'scanned', productId: 'b' },
      ]),
    ).toEqual({ productId: 'b', quantity: 1 });
  });

  it('adds scans on top of a typed quantity', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'set-quantity', quantity: 10 },
        { type: 'scanned', productId: 'a' },
      ]).quantity,
    ).toBe(11);
  });

  it('keeps the item open with quantity one after recording', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'scanned', productId: 'a' },
        { type: 'recorded' },
      ]),
    ).toEqual({ productId: 'a', quantity: 1 });
  });

  it('never holds a quantity below one or a fraction', () => {
    for (const q of [0, -3, 2.7, Number.NaN]) {
      const { quantity } = run([{ type: 'scanned', productId: 'a' }, { type: 'set-quantity', quantity: q }]);
      expect(Number.isInteger(quantity) && quantity >= 1).toBe(true);
    }
  });
});
