import { describe, expect, it } from 'vitest';
import { Id } from '@stockline/protocol';
import { newMovementId } from './ids';

describe('newMovementId', () => {
  it('makes valid, distinct UUIDs without crypto.randomUUID (plain-HTTP pages)', () => {
    const insecure = { getRandomValues: <T extends ArrayBufferView | null>(a: T) => crypto.getRandomValues(a as never) as T };
    const ids = new Set(Array.from({ length: 1000 }, () => newMovementId(insecure)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(Id.safeParse(id).success, id).toBe(true);
  });

  it('uses crypto.randomUUID where it exists', () => {
    expect(Id.safeParse(newMovementId()).success).toBe(true);
  });
});
