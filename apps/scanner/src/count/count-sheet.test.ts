import { describe, expect, it } from 'vitest';
import { countSheetReducer, type CountSheetAction } from './count-sheet';

const run = (actions: CountSheetAction[]) => actions.reduce(countSheetReducer, []);

describe('countSheetReducer', () => {
  it('adds one per scan and keeps the last scanned line on top', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'scanned', productId: 'b' },
        { type: 'scanned', productId: 'a' },
      ]),
    ).toEqual([
      { productId: 'a', counted: 2 },
      { productId: 'b', counted: 1 },
    ]);
  });

  it('counts a case barcode as the case’s units', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a', units: 12 },
        { type: 'scanned', productId: 'a' },
        { type: 'scanned', productId: 'a', units: 12 },
      ]),
    ).toEqual([{ productId: 'a', counted: 25 }]);
  });

  it('takes a typed count, never negative or fractional, and keeps counting scans on top', () => {
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'set', productId: 'a', counted: 40 },
        { type: 'scanned', productId: 'a' },
      ]),
    ).toEqual([{ productId: 'a', counted: 41 }]);
    expect(
      run([
        { type: 'scanned', productId: 'a' },
        { type: 'set', productId: 'a', counted: -2.5 },
      ]),
    ).toEqual([{ productId: 'a', counted: 0 }]);
  });

  it('removes a line and clears the sheet', () => {
    const sheet = run([
      { type: 'scanned', productId: 'a' },
      { type: 'scanned', productId: 'b' },
      { type: 'remove', productId: 'a' },
    ]);
    expect(sheet).toEqual([{ productId: 'b', counted: 1 }]);
    expect(countSheetReducer(sheet, { type: 'clear' })).toEqual([]);
  });
});
