import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads';

/** A load whose answer the test releases, counting how often it was started. */
function gatedLoad() {
  const started: Array<(value: string) => void> = [];
  const load = () => new Promise<string>((resolve) => started.push(resolve));
  return { started, load };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it('gives identical requests made together one read, and each a copy of its answer', async () => {
    const reads = new SharedReads<string>();
    let loads = 0;
    const load = async () => `page ${++loads}`;
    const answers = await Promise.all([reads.read('k', load), reads.read('k', load), reads.read('k', load), reads.read('other', load)]);
    expect(loads).toBe(2);
    expect(answers.slice(0, 3).map((a) => a.value)).toEqual([answers[0]!.value, answers[0]!.value, answers[0]!.value]);
    expect(answers.map((a) => a.shared)).toEqual([false, true, true, false]);
    expect(answers[3]!.value).not.toBe(answers[0]!.value);
  });

  it('never lets a request join a read that has already started', async () => {
    const reads = new SharedReads<string>();
    const { started, load } = gatedLoad();
    const first = reads.read('k', load);
    await turn();
    // The first read is under way: it may have begun before a write this request knows of.
    expect(started).toHaveLength(1);
    const second = reads.read('k', load);
    await turn();
    expect(started).toHaveLength(2);
    started[0]!('before');
    started[1]!('after');
    expect(await first).toEqual({ value: 'before', shared: false });
    expect(await second).toEqual({ value: 'after', shared: false });
  });

  it('keeps nothing once a read is done, and hands a failure to every request that shared it', async () => {
    const reads = new SharedReads<string>();
    let loads = 0;
    const failing = async () => {
      loads++;
      throw new Error('store down');
    };
    const both = [reads.read('k', failing), reads.read('k', failing)];
    await expect(both[0]).rejects.toThrow('store down');
    await expect(both[1]).rejects.toThrow('store down');
    expect(loads).toBe(1);
    expect(reads.waiting).toBe(0);
    expect(await reads.read('k', async () => 'fresh')).toEqual({ value: 'fresh', shared: false });
  });
});
