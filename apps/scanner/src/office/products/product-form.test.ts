import { describe, expect, it } from 'vitest';
import { product } from '../test/render-office';
import { changesOf, createBody, fieldsOf } from './product-form';

describe('product form', () => {
  it('leaves blank optional fields out of a new product', () => {
    expect(
      createBody({
        name: ' Plum ',
        sku: 'PL-1',
        barcode: '',
        description: ' ',
        category: 'Fruit',
        unit: '',
        packs: [{ barcode: ' ', quantity: '' }],
      }),
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

  it('sends packs as the whole new list when they changed, [] when all were removed', () => {
    const p = { ...product(2, { barcode: '222' }), packs: [{ barcode: 'CASE-2', quantity: 12 }] };
    const f = fieldsOf(p);
    expect(f.packs).toEqual([{ barcode: 'CASE-2', quantity: '12' }]);
    expect(changesOf(p, f)).toBeNull();
    const more = { ...f, packs: [...f.packs, { barcode: ' PALLET-2 ', quantity: '480' }] };
    expect(changesOf(p, more)).toEqual({
      packs: [
        { barcode: 'CASE-2', quantity: 12 },
        { barcode: 'PALLET-2', quantity: 480 },
      ],
    });
    expect(changesOf(p, { ...f, packs: [] })).toEqual({ packs: [] });
    expect(createBody({ ...more, sku: 'N-1' }).packs).toHaveLength(2);
  });
});
