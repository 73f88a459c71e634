import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PullPage } from '../store/core/port';
import { SharedPullPage } from './shared-page';

type Doc = { id: string; qty: number };

/** What a store's own read from `after` answers, over a snapshot of documents in seq order. */
function ownRead(snapshot: Array<{ seq: number; doc: Doc }>, after: number, limit: number, epoch: string) {
  const following = snapshot.filter((d) => d.seq > after);
  const page = following.slice(0, limit);
  return {
    documents: page.map((d) => d.doc),
    checkpoint: { seq: page.at(-1)?.seq ?? after },
    remaining: following.length - page.length,
    epoch,
  };
}

function storePage(snapshot: Array<{ seq: number; doc: Doc }>, after: number, limit: number): PullPage<'stock'> {
  const own = ownRead(snapshot, after, limit, '');
  const seqs = snapshot
    .filter((d) => d.seq > after)
    .slice(0, limit)
    .map((d) => d.seq);
  return { documents: own.documents as never, seqs, checkpoint: own.checkpoint, remaining: own.remaining };
}

describe('SharedPullPage', () => {
  it('answers every later checkpoint exactly as its own read of the same snapshot, or not at all', () => {
    const snapshot = fc
      .uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 60 })
      .map((seqs) => seqs.sort((a, b) => a - b).map((seq) => ({ seq, doc: { id: `p${seq}`, qty: seq % 7 } })));
    fc.assert(
      fc.property(
        snapshot,
        fc.integer({ min: 1, max: 80 }),
        fc.array(fc.integer({ min: 0, max: 420 }), { minLength: 1, maxLength: 20 }),
        (docs, limit, afters) => {
          const lowest = Math.min(...afters);
          const shared = new SharedPullPage(lowest, storePage(docs, lowest, limit), 'epoch-1');
          for (const after of afters) {
            const json = shared.answer(after);
            const own = ownRead(docs, after, limit, 'epoch-1');
            if (json === null) {
              // Declined only when the page cannot hold this checkpoint's answer.
              expect(storePage(docs, lowest, limit).remaining).toBeGreaterThan(0);
              continue;
            }
            expect(json).toBe(JSON.stringify(own));
          }
          // The lowest checkpoint, whose read it is, is always answered.
          expect(shared.answer(lowest)).toBe(JSON.stringify(ownRead(docs, lowest, limit, 'epoch-1')));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('answers a device whose checkpoint is inside the page when nothing follows it', () => {
    const docs = [1, 2, 3, 4].map((seq) => ({ seq, doc: { id: `p${seq}`, qty: seq } }));
    const shared = new SharedPullPage(0, storePage(docs, 0, 10), 'e');
    expect(JSON.parse(shared.answer(2)!)).toEqual({
      documents: [docs[2]!.doc, docs[3]!.doc],
      checkpoint: { seq: 4 },
      remaining: 0,
      epoch: 'e',
    });
    expect(JSON.parse(shared.answer(9)!)).toEqual({ documents: [], checkpoint: { seq: 9 }, remaining: 0, epoch: 'e' });
    // A full page with more after it cannot answer from the middle.
    expect(new SharedPullPage(0, storePage(docs, 0, 2), 'e').answer(1)).toBeNull();
  });
});
