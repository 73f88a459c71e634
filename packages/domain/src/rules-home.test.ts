import { describe, expect, it } from 'vitest';
import { barcodeVariants } from './barcode';
import { loginNameKey } from './login-name';
import { reviewKindOf } from './review';

describe('barcodeVariants', () => {
  it('spells a UPC-A with and without the EAN-13 leading zero', () => {
    expect(barcodeVariants('036000291452')).toEqual(['036000291452', '0036000291452']);
    expect(barcodeVariants(' 0036000291452 ')).toEqual(['0036000291452', '036000291452']);
    expect(barcodeVariants('4006381333931')).toEqual(['4006381333931']);
    expect(barcodeVariants('PJ-100')).toEqual(['PJ-100']);
  });
});

describe('loginNameKey', () => {
  it('is trimmed, NFC and lower case', () => {
    expect(loginNameKey(' Admin ')).toBe('admin');
    expect(loginNameKey('Jose\u0301')).toBe(loginNameKey('JOSÉ'));
  });
});

describe('reviewKindOf', () => {
  const count = (stale: boolean, clamped: boolean) => ({
    requestedDelta: 1,
    appliedDelta: 1,
    stale,
    clamped,
    discrepancy: 0,
  });
  it('ranks a restore conflict, then a refusal, then a clamped count, then a stale one', () => {
    expect(reviewKindOf({ status: 'rejected', reason: 'restore_conflict' })).toBe('restore_conflict');
    expect(reviewKindOf({ status: 'rejected', reason: 'insufficient_stock' })).toBe('refused');
    expect(reviewKindOf({ status: 'applied', count: count(true, true) })).toBe('clamped_count');
    expect(reviewKindOf({ status: 'applied', count: count(true, false) })).toBe('stale_count');
    expect(reviewKindOf({ status: 'applied', count: count(false, false) })).toBeNull();
    expect(reviewKindOf({ status: 'applied' })).toBeNull();
  });
});
