import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { confirmReason, EMPTY_SELECTION, LARGE_QUANTITY, selectionReducer, type SelectionAction } from './quantity';

const run = (actions: SelectionAction[]) => actions.reduce(selectionReducer, EMPTY_SELECTION);
const scan = (productId = 'a'): SelectionAction => ({ type: 'scanned', productId });

describe('selectionReducer', () => {
  it('starts a new item at one', () => {
    expect(run([scan()])).toMatchObject({ productId: 'a', quantity: 1, scans: 0 });
  });

  it('adds up repeated scans of the same item, and undoes them one by one', () => {
    const five = run([scan(), scan(), scan(), scan(), scan()]);
    expect(five).toMatchObject({ quantity: 5, scans: 4 });
    expect(selectionReducer(five, { type: 'undo-scan' })).toMatchObject({ quantity: 4, scans: 3 });
    expect(run([scan(), { type: 'undo-scan' }])).toMatchObject({ quantity: 1, scans: 0 });
  });

  it('starts again at one when another item is scanned', () => {
    expect(run([scan(), scan(), scan('b')])).toMatchObject({ productId: 'b', quantity: 1 });
  });

  it('starts again at one after recording, even when the same item is scanned next', () => {
    // Scan X, sell, scan X, sell: the second sale is of one, not two.
    const after = run([scan(), { type: 'recorded' }, scan()]);
    expect(after).toMatchObject({ productId: 'a', quantity: 1, scans: 0 });
    expect(run([scan(), { type: 'recorded' }, scan(), scan()])).toMatchObject({ quantity: 2 });
  });

  it('opens a pack barcode at the pack’s quantity, adds packs on top, and undoes each scan by what it added', () => {
    const pack = (units: number): SelectionAction => ({ type: 'scanned', productId: 'a', units });
    expect(run([pack(12)])).toMatchObject({ productId: 'a', quantity: 12, scans: 0 });
    const mixed = run([pack(12), scan(), pack(12)]);
    expect(mixed).toMatchObject({ quantity: 25, scans: 2 });
    expect(selectionReducer(mixed, { type: 'undo-scan' })).toMatchObject({ quantity: 13, scans: 1 });
    expect(run([pack(12), scan(), pack(12), { type: 'undo-scan' }, { type: 'undo-scan' }])).toMatchObject({
      quantity: 12,
      scans: 0,
    });
    // After recording, the case scanned again is a case again.
    expect(run([pack(12), { type: 'recorded' }, pack(12)])).toMatchObject({ quantity: 12, scans: 0 });
  });

  it('adds scans on top of a typed quantity', () => {
    expect(run([scan(), { type: 'set-quantity', quantity: 10 }, scan()])).toMatchObject({ quantity: 11, scans: 1 });
  });

  it('keeps the quantity between 1 and the maximum whatever happens', () => {
    const action = fc.oneof(
      fc.constantFrom<SelectionAction>({ type: 'recorded' }, { type: 'undo-scan' }, { type: 'clear' }),
      fc.constantFrom('a', 'b').map((productId): SelectionAction => ({ type: 'scanned', productId })),
      fc
        .record({ productId: fc.constantFrom('a', 'b'), units: fc.integer({ min: 2, max: 100_000 }) })
        .map(({ productId, units }): SelectionAction => ({ type: 'scanned', productId, units })),
      fc.double().map((quantity): SelectionAction => ({ type: 'set-quantity', quantity })),
    );
    fc.assert(
      fc.property(fc.array(action), (actions) => {
        const s = run(actions);
        return Number.isInteger(s.quantity) && s.quantity >= 1 && s.quantity <= 1_000_000 && s.scans >= 0;
      }),
    );
  });
});

describe('confirmReason', () => {
  it('asks before taking out more than this device shows', () => {
    expect(confirmReason('purchase', 50, 1)).toEqual({ kind: 'above-available', available: 1 });
    expect(confirmReason('transfer', 2, 1)).toEqual({ kind: 'above-available', available: 1 });
    expect(confirmReason('purchase', 1, 1)).toBeNull();
    expect(confirmReason('restock', 50, 1)).toBeNull();
  });

  it('asks before an unusually large quantity of any kind', () => {
    expect(confirmReason('restock', LARGE_QUANTITY, 0)).toEqual({ kind: 'large', quantity: LARGE_QUANTITY });
    expect(confirmReason('return', LARGE_QUANTITY - 1, 0)).toBeNull();
  });
});
