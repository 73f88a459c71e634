import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Poke } from '@stockline/protocol';
import { PokeCoalescer, type PokeTarget } from './pokes';

function recorder(audience: number) {
  const sent: Array<{ target: PokeTarget; poke: Poke }> = [];
  return {
    sent,
    sender: { send: (target: PokeTarget, poke: Poke) => sent.push({ target, poke }), audience: () => audience },
  };
}

describe('PokeCoalescer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const options = { minGapMs: 50, maxGapMs: 1_000, pullsPerSecond: 2_000 };

  it('announces the first change at once and folds the rest of a burst into one trailing poke with the highest seq', () => {
    const { sent, sender } = recorder(10);
    const pokes = new PokeCoalescer(sender, options);
    for (let seq = 1; seq <= 100; seq++) pokes.announce(['stream:w'], 'stock', seq);
    expect(sent.map((s) => s.poke)).toEqual([{ collection: 'stock', seq: 1 }]);
    vi.advanceTimersByTime(50);
    expect(sent.map((s) => s.poke)).toEqual([
      { collection: 'stock', seq: 1 },
      { collection: 'stock', seq: 100 },
    ]);
    // A quiet cool-down ends the lane: the next change goes out at once again.
    vi.advanceTimersByTime(50);
    pokes.announce(['stream:w'], 'stock', 101);
    expect(sent.at(-1)?.poke).toEqual({ collection: 'stock', seq: 101 });
  });

  it('keeps rooms and collections apart', () => {
    const { sent, sender } = recorder(10);
    const pokes = new PokeCoalescer(sender, options);
    pokes.announce(['stream:a'], 'stock', 1);
    pokes.announce(['stream:b'], 'stock', 2);
    pokes.announce(['stream:a'], 'alerts', 3);
    pokes.announce(null, 'products', 4);
    expect(sent).toEqual([
      { target: ['stream:a'], poke: { collection: 'stock', seq: 1 } },
      { target: ['stream:b'], poke: { collection: 'stock', seq: 2 } },
      { target: ['stream:a'], poke: { collection: 'alerts', seq: 3 } },
      { target: null, poke: { collection: 'products', seq: 4 } },
    ]);
  });

  it('spaces pokes so a large audience is rung at most pullsPerSecond times a second', () => {
    const { sent, sender } = recorder(1_000);
    const pokes = new PokeCoalescer(sender, options);
    // 100 writes a second for 10 seconds.
    for (let i = 1; i <= 1_000; i++) {
      pokes.announce(['stream:w'], 'stock', i);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1_000);
    // 1,000 devices / 2,000 pulls/s = one poke per 500 ms: about 20 in 10 s, not 1,000.
    expect(sent.length).toBeGreaterThanOrEqual(19);
    expect(sent.length).toBeLessThanOrEqual(22);
    expect(sent.at(-1)?.poke.seq).toBe(1_000);
    expect(sent.length * 1_000).toBeLessThanOrEqual(2_000 * 11);
  });
});
