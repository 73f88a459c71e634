import { Subject, type Observable } from 'rxjs';
import type { ReplicationPullHandler, WithDeleted } from 'rxdb';
import {
  PullPage,
  type Checkpoint,
  type PullResponse,
  type SyncCollection,
  type SyncDocumentOf,
} from '@stockline/protocol';
import type { AnswerSchema, HttpClient } from '../http';
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

/** One pull page as the server sends it, and the bookkeeping number of the pull that asked. */
export interface FetchedPage<C extends SyncCollection> {
  page: PullResponse<C>;
  startedAs: number;
}

/** Asks the server for the changes after `after`, through the gate (retries, auth parking). */
export function fetchPage<C extends SyncCollection>(
  collection: C,
  deps: PullDeps,
  after: number,
  limit: number,
  extraQuery: () => string,
): Promise<FetchedPage<C>> {
  const startedAs = deps.progress.started();
  return deps.gate
    .run('download', () =>
      deps.http.send(
        PullPage(collection) as AnswerSchema<PullResponse<C>>,
        'GET',
        `/sync/${collection}?after=${after}&limit=${limit}${extraQuery()}`,
      ),
    )
    .then((page) => ({ page, startedAs }));
}

/** Tells the status, the live connection and awaitInSync that a page arrived. */
export function notePage<C extends SyncCollection>(
  collection: C,
  deps: PullDeps,
  { page, startedAs }: FetchedPage<C>,
  announcedBefore: number,
): void {
  deps.status.pulled(collection, page.documents.length, page.remaining);
  deps.live.pulledUpTo(collection, page.checkpoint, page.remaining === 0 ? announcedBefore : 0);
  deps.progress.finished(collection, startedAs, page.remaining);
}

/** The server never deletes; RxDB wants the flag on every document. */
export function withDeletedFlag<C extends SyncCollection>(
  documents: SyncDocumentOf<C>[],
): WithDeleted<SyncDocumentOf<C>>[] {
  return documents.map((doc) => ({ ...doc, _deleted: false }));
}

/**
 * Leaves out, during a fresh device's first pass over a collection, documents it will never need
 * (resolved alerts, see fresh-alerts.ts). Only ever leaves out; whatever it keeps is written as
 * usual.
 */
export interface FirstPassFilter<D> {
  /** Called at every pull with RxDB's checkpoint; decides once whether this pass is a fresh one. */
  start(checkpoint: ReplicaCheckpoint | undefined): Promise<void>;
  keep(doc: D): boolean;
  /** The pass reached the server's end, or started over (a restore): nothing is left out after. */
  end(): void;
}

/** Pull-only collections may take their first pages straight into storage (first-fill.ts). */
export interface PullOptions<C extends SyncCollection> {
  fill?: (
    checkpoint: ReplicaCheckpoint | undefined,
    batchSize: number,
  ) => Promise<{ documents: WithDeleted<SyncDocumentOf<C>>[]; checkpoint: ReplicaCheckpoint } | null>;
  firstPass?: FirstPassFilter<SyncDocumentOf<C>>;
}

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
  options: PullOptions<C> = {},
): ReplicationPullHandler<WithDeleted<SyncDocumentOf<C>>, ReplicaCheckpoint> {
  return async (checkpoint, batchSize) => {
    const filled = await options.fill?.(checkpoint, batchSize);
    if (filled) return filled;
    const filter = options.firstPass;
    await filter?.start(checkpoint);
    const announcedBefore = deps.live.announcedSeq(collection);
    const documents: WithDeleted<SyncDocumentOf<C>>[] = [];
    let lastPage: WithDeleted<SyncDocumentOf<C>>[];
    let after = checkpoint?.seq ?? 0;
    let epoch = checkpoint?.epoch;
    for (;;) {
      const fetched = await fetchPage(collection, deps, after, batchSize - documents.length, extraQuery);
      const { page } = fetched;
      if (page.epoch !== undefined && epoch !== undefined && page.epoch !== epoch) {
        documents.length = 0;
        after = 0;
        epoch = page.epoch;
        filter?.end();
        deps.live.forget(collection);
        await onNewEpoch?.();
        continue;
      }
      epoch ??= page.epoch;
      lastPage = withDeletedFlag<C>(page.documents);
      const kept = filter ? lastPage.filter((doc) => filter.keep(doc)) : lastPage;
      documents.push(...kept);
      notePage(collection, deps, fetched, announcedBefore);
      // Left out counts as stored, so the progress bar moves over them too.
      if (kept.length < lastPage.length) deps.status.stored(collection, lastPage.length - kept.length);
      after = Math.max(after, page.checkpoint.seq);
      if (page.remaining === 0) filter?.end();
      if (page.remaining === 0 || page.documents.length === 0 || documents.length >= batchSize) break;
    }
    // RxDB stores no checkpoint for an empty answer: when the filter left out a whole call, the
    // last page goes back unfiltered (writing a document the device does not need is harmless).
    const answer = documents.length === 0 ? lastPage : documents;
    return { documents: answer, checkpoint: epoch === undefined ? { seq: after } : { seq: after, epoch } };
  };
}
