import { describe, expect, it } from 'vitest';
import { defaultHashSha256 } from 'rxdb';
import { hashFunctionFor } from './hash';

describe('hashFunctionFor', () => {
  it("keeps RxDB's own hash where crypto.subtle exists", () => {
    expect(hashFunctionFor()).toBeUndefined();
  });

  it('hashes like crypto.subtle where it does not (plain-HTTP pages)', async () => {
    const fallback = hashFunctionFor({ crypto: {} });
    if (!fallback) throw new Error('expected a fallback');
    for (const text of ['', 'stockline', 'ünïcödé ✓ 123'])
      expect(await fallback(text)).toBe(await defaultHashSha256(text));
  });
});
