import { describe, expect, it } from 'vitest';
import type { PullResponse } from '@stockline/protocol';
import type { HttpClient } from '../http';
import type { StatusTracker } from '../status';
import type { LiveConnection } from './live';
import { PullBookkeeping, pullHandler, type PullDeps } from './pull';
import type { SyncGate } from './retry';

/** A server whose answers are scripted by `after`; records what was asked. */
function scripted(epoch: () => string, docsAfter: (after: number) => { ids: number[]; remaining: number }) {
  const asked: number[] = [];
  const forgotten: string[] = [];
  const deps: PullDeps = {
    http: {
      send: async (_answer: unknown, _method: string, path: string) => {
        const after = Number(/after=(\d+)/.exec(path)![1]);
        asked.push(after);
        const { ids, remaining } = docsAfter(after);
        const reply: PullResponse<'warehouses'> = {
          documents: ids.map((n) => ({
            id: `w${n}`,
            code: `W${n}`,
            name: `W${n}`,
            location: null,
            archived: false,
            updatedAt: '2026-01-01T00:00:00.000Z',
          })),
          checkpoint: { seq: ids.length ? ids[ids.length - 1]! : after },
          remaining,
          epoch: epoch(),
        };
        return reply;
      },
    } as unknown as HttpClient,
    gate: { run: (_d: string, fn: () => Promise<unknown>) => fn() } as unknown as SyncGate,
    status: { pulled: () => undefined } as unknown as StatusTracker,
    live: {
      announcedSeq: () => 0,
      pulledUpTo: () => undefined,
      forget: (c: string) => forgotten.push(c),
    } as unknown as LiveConnection,
    progress: new PullBookkeeping(),
  };
  return { deps, asked, forgotten };
}

describe('pull checkpoints across a store restore', () => {
  const store = (after: number) => ({ ids: [1, 2, 3].filter((n) => n > after), remaining: 0 });

  it('keeps the epoch in the checkpoint and resumes from its seq while the epoch holds', async () => {
    const { deps, asked } = scripted(() => 'e1', store);
    const handler = pullHandler('warehouses', deps);
    const first = await handler(undefined, 10);
    expect(first.checkpoint).toEqual({ seq: 3, epoch: 'e1' });
    const next = await handler(first.checkpoint, 10);
    expect(next.documents).toEqual([]);
    expect(asked).toEqual([0, 3]);
  });

  it('starts over from seq 0 and runs the hook when the server answers with another epoch', async () => {
    let hooks = 0;
    const { deps, asked, forgotten } = scripted(() => 'e2', store);
    const handler = pullHandler(
      'warehouses',
      deps,
      () => '',
      async () => void hooks++,
    );
    // A checkpoint far beyond what the restored store has reached.
    const page = await handler({ seq: 50, epoch: 'e1' }, 10);
    expect(asked).toEqual([50, 0]);
    expect(page.documents.map((d) => d.id)).toEqual(['w1', 'w2', 'w3']);
    expect(page.checkpoint).toEqual({ seq: 3, epoch: 'e2' });
    expect(hooks).toBe(1);
    expect(forgotten).toEqual(['warehouses']);
  });

  it('adopts the epoch of a checkpoint written before epochs existed, without starting over', async () => {
    let hooks = 0;
    const { deps, asked } = scripted(() => 'e1', store);
    const page = await pullHandler(
      'warehouses',
      deps,
      () => '',
      async () => void hooks++,
    )({ seq: 2 }, 10);
    expect(asked).toEqual([2]);
    expect(page.checkpoint).toEqual({ seq: 3, epoch: 'e1' });
    expect(hooks).toBe(0);
  });
});
