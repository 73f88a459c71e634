import { describe, expect, it } from 'vitest';
import { codesOf, packScanned, repeatedCode } from './packs';

const shoes = {
  barcode: '4006381333931',
  packs: [
    { barcode: '4006381333948', quantity: 12 },
    { barcode: '036000291452', quantity: 48 },
  ],
};

describe('packs', () => {
  it('a pack barcode names its pack; the product barcode names one unit', () => {
    expect(packScanned(shoes, '4006381333948')).toEqual({ barcode: '4006381333948', quantity: 12 });
    expect(packScanned(shoes, ' 4006381333948 ')?.quantity).toBe(12);
    expect(packScanned(shoes, '4006381333931')).toBeNull();
    expect(packScanned(shoes, 'SKU-1')).toBeNull();
  });

  it('a pack barcode is found under either UPC/EAN spelling', () => {
    expect(packScanned(shoes, '0036000291452')?.quantity).toBe(48);
  });

  it('lists every code a product carries and finds one carried twice', () => {
    expect(codesOf(shoes)).toEqual(['4006381333931', '4006381333948', '036000291452']);
    expect(codesOf({ barcode: null, packs: [] })).toEqual([]);
    expect(repeatedCode(shoes)).toBeNull();
    expect(repeatedCode({ barcode: 'A', packs: [{ barcode: 'A', quantity: 2 }] })).toBe('A');
    expect(
      repeatedCode({
        barcode: null,
        packs: [
          { barcode: 'B', quantity: 2 },
          { barcode: 'B', quantity: 3 },
        ],
      }),
    ).toBe('B');
  });
});
