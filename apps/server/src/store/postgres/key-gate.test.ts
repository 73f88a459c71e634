import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyGate } from './key-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyGate: writers of one key in one instance take turns in memory', () => {
  it('random writers on overlapping keys: no two hold a key at once, every writer finishes, and no key is left behind', async () => {
    const seed = Number(process.env.KEY_GATE_SEED ?? Date.now() % 1_000_000);
    console.log(`[key gate] seed ${seed} (KEY_GATE_SEED to replay)`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            keys: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1, maxLength: 3 }),
            ticks: fc.integer({ min: 0, max: 3 }),
            fails: fc.boolean(),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        async (writers) => {
          const gate = new KeyGate();
          const holding = new Set<string>();
          let finished = 0;
          await Promise.all(
            writers.map((w) =>
              gate
                .hold(w.keys, async () => {
                  for (const key of w.keys) {
                    expect(holding.has(key)).toBe(false);
                    holding.add(key);
                  }
                  for (let i = 0; i < w.ticks; i++) await tick();
                  for (const key of w.keys) holding.delete(key);
                  if (w.fails) throw new Error('writer failed');
                })
                .catch((error: unknown) => {
                  if (!(error instanceof Error) || error.message !== 'writer failed') throw error;
                })
                .finally(() => {
                  finished += 1;
                }),
            ),
          );
          expect(finished).toBe(writers.length);
          expect(gate.busyKeys).toBe(0);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('writers of one key run in the order they came', async () => {
    const gate = new KeyGate();
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map((n) =>
        gate.hold(['row'], async () => {
          await tick();
          order.push(n);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('writers of different keys do not wait for each other', async () => {
    const gate = new KeyGate();
    let release!: () => void;
    const held = gate.hold(['a'], () => new Promise<void>((resolve) => (release = resolve)));
    await tick();
    await expect(gate.hold(['b'], () => Promise.resolve('b done'))).resolves.toBe('b done');
    release();
    await held;
  });
});
