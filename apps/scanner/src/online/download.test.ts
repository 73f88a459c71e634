import { describe, expect, it } from 'vitest';
import { fileNameOf } from './download';

describe('fileNameOf', () => {
  it('takes the name the server suggests, else the fallback', () => {
    expect(fileNameOf('attachment; filename="ledger-2026-11-27.csv"', 'ledger.csv')).toBe('ledger-2026-11-27.csv');
    expect(fileNameOf("attachment; filename*=UTF-8''stock%20MAIN.csv", 'stock.csv')).toBe('stock MAIN.csv');
    expect(fileNameOf(null, 'products.csv')).toBe('products.csv');
  });
});
