import { describe, expect, it } from 'vitest';
import { HorizonWatch } from './horizon-watch';

/** A horizon the test moves by hand, counting how often it is read. */
function horizonAt(start: number) {
  const state = { value: start, reads: 0, failNext: false };
  const read = async () => {
    state.reads += 1;
    if (state.failNext) {
      state.failNext = false;
      throw new Error('connection lost');
    }
    return state.value;
  };
  return { state, read };
}

function settled(promise: Promise<void>): { done: boolean } {
  const flag = { done: false };
  void promise.then(() => (flag.done = true));
  return flag;
}

const until = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('HorizonWatch', () => {
  it('answers a seq below the horizon at once, and one at or above it only once the horizon passes it', async () => {
    const { state, read } = horizonAt(100);
    const watch = new HorizonWatch(read, () => undefined);
    await watch.pullable(99);
    const held = settled(watch.pullable(100));
    const later = settled(watch.pullable(150));
    await until(() => state.reads >= 3); // it keeps looking while the horizon stands still
    expect([held.done, later.done]).toEqual([false, false]);
    state.value = 101;
    await until(() => held.done);
    expect(later.done).toBe(false);
    state.value = 151;
    await until(() => later.done);
    const reads = state.reads;
    await watch.pullable(120); // below the last horizon read: no new read
    expect(state.reads).toBe(reads);
  });

  it('keeps reading after a failed read, and lets every waiter go on close', async () => {
    const { state, read } = horizonAt(10);
    const errors: unknown[] = [];
    const watch = new HorizonWatch(read, (error) => errors.push(error));
    state.failNext = true;
    const first = settled(watch.pullable(10));
    await until(() => errors.length === 1);
    state.value = 11;
    await until(() => first.done);
    const stuck = settled(watch.pullable(50));
    watch.close();
    await until(() => stuck.done);
    await watch.pullable(1_000); // after close, nothing waits
  });
});
