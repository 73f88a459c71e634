import { expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';
import { InvalidCursorError } from './port';

it('round-trips a ledger cursor and refuses anything it did not make', () => {
  for (const seq of [0, 1, 42, 2 ** 40]) expect(decodeCursor(encodeCursor(seq))).toBe(seq);
  for (const bad of [
    '',
    'x',
    encodeCursor(5).slice(1),
    Buffer.from('m:-1').toString('base64url'),
    Buffer.from('m:1e3').toString('base64url'),
  ]) {
    expect(() => decodeCursor(bad), bad).toThrow(InvalidCursorError);
  }
});
