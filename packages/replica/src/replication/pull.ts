import { Subject, type Observable } from 'rxjs';
import type { ReplicationPullHandler, WithDeleted } from 'rxdb';
import type { Checkpoint, PullResponse, SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import type { HttpClient } from '../http';
import type { StatusTracker } from '../status';
import type { SyncGate } from './retry';
import type { LiveConnection } from './live';

export interface PullDeps {
  http: HttpClient;
  gate: SyncGate;
  status: StatusTracker;
  live: LiveConnection;
  /** Tells awaitInSync which pulls started and which found nothing left. */
  progress: PullBookkeeping;
}

/** Counts pulls so that awaitInSync can wait for a pull that began after it asked. */
export class PullBookkeeping {
  private counter = 0;
  private readonly caughtUp = new Map<SyncCollection, number>();
  private readonly finishedPulls = new Subject<void>();
  /** Emits after every finished pull, so waiters re-check instead of polling. */
  readonly finished$: Observable<void> = this.finishedPulls.asObservable();

  started(): number {
    return ++this.counter;
  }

  finished(collection: SyncCollection, startedAs: number, remaining: number): void {
    if (remaining === 0) this.caughtUp.set(collection, Math.max(this.caughtUp.get(collection) ?? 0, startedAs));
    this.finishedPulls.next();
  }

  get mark(): number {
    return this.counter;
  }

  /** True when every collection completed a pull, begun after `mark`, with nothing remaining. */
  caughtUpSince(mark: number, collections: readonly SyncCollection[]): boolean {
    return collections.every((c) => (this.caughtUp.get(c) ?? 0) > mark);
  }
}

/**
 * A pull checkpoint: the server's sequence number, and the store epoch it belongs to. A restore
 * from backup gives the store a new epoch and starts its sequence over from the backup's; a
 * checkpoint from another epoch would then skip everything up to its old seq.
 */
export type ReplicaCheckpoint = Checkpoint & { epoch?: string };

/**
 * RxDB's pull handler for one collection: pages through the server's changes after the stored
 * checkpoint. Checkpoints are the server's sequence numbers, never device clocks. When a page is
 * short but the server reports more remaining, it keeps reading so RxDB's "short page = done"
 * rule never stops early.
 *
 * When the server answers with another epoch than the checkpoint's, its store was restored from
 * a backup: the page is dropped, `onNewEpoch` runs (the movements collection queues again what
 * the server may have lost) and the pull starts over from seq 0. A checkpoint without an epoch
 * (written before epochs existed) takes the server's without starting over.
 */
export function pullHandler<C extends SyncCollection>(
  collection: C,
  deps: PullDeps,
  /** Read at each request, so it can carry live values (the outbox length). */
  extraQuery: () => string = () => '',
  onNewEpoch?: () => Promise<void>,
): ReplicationPullHandler<WithDeleted<SyncDocumentOf<C>>, ReplicaCheckpoint> {
  return async (checkpoint, batchSize) => {
    const announcedBefore = deps.live.announcedSeq(collection);
    const documents: WithDeleted<SyncDocumentOf<C>>[] = [];
    let after = checkpoint?.seq ?? 0;
    let epoch = checkpoint?.epoch;
    for (;;) {
      const startedAs = deps.progress.started();
      const limit = batchSize - documents.length;
      const page = await deps.gate.run('download', () =>
        deps.http.request<PullResponse<C>>('GET', `/sync/${collection}?after=${after}&limit=${limit}${extraQuery()}`),
      );
      if (page.epoch !== undefined && epoch !== undefined && page.epoch !== epoch) {
        documents.length = 0;
        after = 0;
        epoch = page.epoch;
        deps.live.forget(collection);
        await onNewEpoch?.();
        continue;
      }
      epoch ??= page.epoch;
      // The server never deletes; RxDB wants the flag on every document.
      for (const doc of page.documents) documents.push({ ...doc, _deleted: false });
      deps.status.pulled(collection, page.documents.length, page.remaining);
      deps.live.pulledUpTo(collection, page.checkpoint, page.remaining === 0 ? announcedBefore : 0);
      deps.progress.finished(collection, startedAs, page.remaining);
      after = Math.max(after, page.checkpoint.seq);
      if (page.remaining === 0 || page.documents.length === 0 || documents.length >= batchSize) break;
    }
    return { documents, checkpoint: epoch === undefined ? { seq: after } : { seq: after, epoch } };
  };
}
