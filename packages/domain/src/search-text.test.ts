import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText, productSearchText, searchWordsOf } from './search-text';

describe('search text', () => {
  it('folds case and accents, whichever way the accent is encoded', () => {
    for (const text of ['Gants épais', 'GANTS ÉPAIS', 'Gants e\u0301pais']) expect(foldText(text)).toBe('gants epais');
    expect(searchWordsOf('  ÉPAIS   gants ')).toEqual(['epais', 'gants']);
    expect(productSearchText({ name: 'Crème', sku: 'CR-1', barcode: null })).toBe('creme cr-1');
  });

  it('every word of a name, SKU or barcode, typed in any case, is found in the product search text', () => {
    const field = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(field, field, fc.option(field, { nil: null }), fc.boolean(), (name, sku, barcode, upper) => {
        const text = productSearchText({ name, sku, barcode });
        expect(foldText(text)).toBe(text);
        const typed = `${name} ${sku} ${barcode ?? ''}`;
        for (const word of searchWordsOf(upper ? typed.toUpperCase() : typed)) expect(text).toContain(word);
      }),
    );
  });
});
