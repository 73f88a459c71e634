import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SharedReads', () => {
  it("gives requests with the same key made together one read, which sees every request's parameter", async () => {
    const reads = new SharedReads<number, string>();
    const loads: number[][] = [];
    const load = async (params: number[]) => {
      loads.push([...params]);
      return `read ${loads.length} of ${params.join(',')}`;
    };
    const answers = await Promise.all([
      reads.read('k', 5, load),
      reads.read('k', 3, load),
      reads.read('k', 9, load),
      reads.read('other', 1, load),
    ]);
    expect(loads).toEqual([[5, 3, 9], [1]]);
    expect(answers).toEqual([
      { value: 'read 1 of 5,3,9', shared: false },
      { value: 'read 1 of 5,3,9', shared: true },
      { value: 'read 1 of 5,3,9', shared: true },
      { value: 'read 2 of 1', shared: false },
    ]);
  });

  it('never lets a request join a read that has already started', async () => {
    const reads = new SharedReads<number, string>();
    const started: Array<(value: string) => void> = [];
    const load = () => new Promise<string>((resolve) => started.push(resolve));
    const first = reads.read('k', 1, load);
    await turn();
    // The first read is under way: it may have begun before a write this request knows of.
    expect(started).toHaveLength(1);
    const second = reads.read('k', 1, load);
    await turn();
    expect(started).toHaveLength(2);
    started[0]!('before');
    started[1]!('after');
    expect(await first).toEqual({ value: 'before', shared: false });
    expect(await second).toEqual({ value: 'after', shared: false });
  });

  it('keeps nothing once a read is done, and hands a failure to every request that shared it', async () => {
    const reads = new SharedReads<number, string>();
    let loads = 0;
    const failing = async () => {
      loads++;
      throw new Error('store down');
    };
    const both = [reads.read('k', 1, failing), reads.read('k', 1, failing)];
    await expect(both[0]).rejects.toThrow('store down');
    await expect(both[1]).rejects.toThrow('store down');
    expect(loads).toBe(1);
    expect(reads.waiting).toBe(0);
    expect(await reads.read('k', 1, async () => 'fresh')).toEqual({ value: 'fresh', shared: false });
  });
});
