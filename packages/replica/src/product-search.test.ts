import { describe, expect, it } from 'vitest';
import type { Product } from '@stockline/protocol';
import { findByCodeIn, searchProducts } from './product-search';

const at = '2026-01-01T00:00:00.000Z';
const product = (sku: string, name: string, barcode: string | null): Product => ({
  id: sku,
  sku,
  name,
  barcode,
  description: null,
  category: null,
  unit: null,
  packs: sku === 'PJ-100' ? [{ barcode: '036000291469', quantity: 4 }] : [],
  archived: false,
  updatedAt: at,
});
const catalogue = [
  product('GL-200', 'Work gloves, size L', '0036000291452'),
  product('GS-1', 'Gänse Handschuhe', '4006381333931'),
  product('PJ-100', 'Pallet jack', null),
];

describe('product search on the device', () => {
  it('finds a product by a pack barcode (either UPC/EAN spelling), after its own barcode, before SKUs', () => {
    expect(findByCodeIn(catalogue, '036000291469')?.sku).toBe('PJ-100');
    expect(findByCodeIn(catalogue, '0036000291469')?.sku).toBe('PJ-100');
    expect(findByCodeIn(catalogue, '0036000291452')?.sku).toBe('GL-200');
    const skuLikePack = [...catalogue, product('036000291469', 'SKU that reads like a pack', null)];
    expect(findByCodeIn(skuLikePack, '036000291469')?.sku).toBe('PJ-100');
  });

  it('finds names by substring, ignoring case and accents', () => {
    expect(searchProducts(catalogue, 'gloves').map((p) => p.sku)).toEqual(['GL-200']);
    expect(searchProducts(catalogue, 'GANSE').map((p) => p.sku)).toEqual(['GS-1']);
    expect(searchProducts(catalogue, 'handschühe').map((p) => p.sku)).toEqual(['GS-1']);
    expect(searchProducts(catalogue, 'nothing like it')).toEqual([]);
  });

  it('takes several words, each in the name or SKU, in any order and without their accents', () => {
    const withGants = [...catalogue, product('GT-EP', 'Gants épais', null), product('GT-FN', 'Gants fins', null)];
    expect(searchProducts(withGants, 'gants epais').map((p) => p.sku)).toEqual(['GT-EP']);
    expect(searchProducts(withGants, '  EPAIS   gants ').map((p) => p.sku)).toEqual(['GT-EP']);
    expect(searchProducts(withGants, 'gloves gl-200').map((p) => p.sku)).toEqual(['GL-200']);
    expect(searchProducts(withGants, 'gants lourds')).toEqual([]);
  });

  it('finds a SKU whatever its case', () => {
    expect(findByCodeIn(catalogue, 'pj-100')?.sku).toBe('PJ-100');
    expect(findByCodeIn(catalogue, ' Gl-200 ')?.sku).toBe('GL-200');
  });

  it('takes a UPC-A with or without the EAN-13 leading zero', () => {
    expect(findByCodeIn(catalogue, '036000291452')?.sku).toBe('GL-200');
    expect(findByCodeIn(catalogue, '0036000291452')?.sku).toBe('GL-200');
    expect(findByCodeIn([product('X', 'x', '036000291452')], '0036000291452')?.sku).toBe('X');
    expect(findByCodeIn(catalogue, '4006381333932')).toBeNull();
  });
});
