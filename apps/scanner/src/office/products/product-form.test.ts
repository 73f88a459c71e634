import { describe, expect, it } from 'vitest';
import { product } from '../test/render-office';
import { changesOf, createBody, fieldsOf } from './product-form';

describe('product form', () => {
  it('leaves blank optional fields out of a new product', () => {
    expect(
      createBody({ name: ' Plum ', sku: 'PL-1', barcode: '', description: ' ', category: 'Fruit', unit: '' }),
    ).toEqual({ name: 'Plum', sku: 'PL-1', category: 'Fruit' });
  });

  it('sends only changed fields, null for a cleared one, and nothing when nothing changed', () => {
    const p = { ...product(1, { barcode: '111' }), unit: 'kg' };
    expect(changesOf(p, fieldsOf(p))).toBeNull();
    expect(changesOf(p, { ...fieldsOf(p), barcode: '', unit: 'box', name: 'Product 1 ' })).toEqual({
      barcode: null,
      unit: 'box',
    });
  });
});
