import { describe, expect, it } from 'vitest';
import { Id } from '@stockline/protocol';
import { newMovementId } from './ids';

describe('newMovementId', () => {
  it('makes valid, distinct version 7 UUIDs', () => {
    const ids = Array.from({ length: 2000 }, () => newMovementId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(Id.safeParse(id).success, id).toBe(true);
      expect(id[14], id).toBe('7');
    }
  });

  it("orders one device's ids by the time they were made, within a millisecond too", async () => {
    const early = Array.from({ length: 500 }, () => newMovementId());
    await new Promise((r) => setTimeout(r, 5));
    const late = Array.from({ length: 500 }, () => newMovementId());
    const all = [...early, ...late];
    expect([...all].sort()).toEqual(all);
    // The first 48 bits are the creation time in milliseconds.
    const ms = parseInt(late[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(ms - Date.now())).toBeLessThan(60_000);
  });

  // The browser build draws from crypto.getRandomValues (present on plain-HTTP pages, unlike
  // crypto.randomUUID); a source passed in is used instead, whole.
  it('takes its random bits from the given source', () => {
    const zeros = () => new Uint8Array(16);
    const id = newMovementId(zeros);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7000-8000-000000000000$/);
  });
});
