import { createRevision, now, type RxCollection, type WithDeleted } from 'rxdb';
import type { SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import {
  fetchPage,
  notePage,
  withDeletedFlag,
  type FetchedPage,
  type PullDeps,
  type PullOptions,
  type ReplicaCheckpoint,
} from './pull';

/** Writes pulled documents (as the server sent them) into a collection's storage. */
export type PageWriter<D> = (documents: WithDeleted<D>[]) => Promise<void>;

/**
 * Writes straight into the collection's storage instance, one bulk write per page: one IndexedDB
 * read and one write per document, where RxDB's pull path reads the fork and its replication
 * meta for every document first (three reads and one write). Only for collections the device
 * never writes itself: RxDB keeps no replication meta for a pull-only replication
 * (`skipStoringPullMeta`), so a document written here is, to RxDB's later pulls, the same as one
 * it wrote. The collection's change stream still carries every write (queries, lookup index).
 */
export function storageWriter<D>(
  collection: RxCollection<any>,
  modifier: (doc: WithDeleted<D>) => WithDeleted<any>,
  /**
   * The write's context: the replication's own downstream flag, so its upstream half (which RxDB
   * runs even without a push) knows these writes came from the server and does not read the
   * replication meta of every document to decide whether to push it.
   */
  context: () => Promise<string>,
): PageWriter<D> {
  return async (documents) => {
    const revision = createRevision(collection.database.token);
    const rows = documents.map((doc) => ({
      document: {
        ...(modifier(doc) as object),
        _deleted: false,
        _attachments: {},
        _meta: { lwt: now() },
        _rev: revision,
      },
    }));
    const result = await collection.storageInstance.bulkWrite(rows, await context());
    if (result.error.length > 0) {
      const first = result.error[0]!;
      throw new Error(
        `first sync of ${collection.name}: ${result.error.length} documents not written (${first.status} on ${first.documentId})`,
      );
    }
  };
}

/** Pages downloaded ahead of the writes: the download is far faster than IndexedDB's writes. */
const PAGES_AHEAD = 10;
/**
 * How long one write should take. A bulk write costs IndexedDB per document and per transaction
 * (in Chromium on a busy machine, 200 documents took 1 to 2 ms each, 2,000 about 0.6 ms each), so
 * larger writes are cheaper per document; but the progress bar moves once per write, and must move
 * at least once a second however busy the machine. So the next write is sized from the last one's
 * time per document to take WRITE_TARGET_MS (at most double the last): a slow write is followed by
 * one of the target's length straight away, not by halvings, and the target leaves room for the
 * machine to get several times slower within one write.
 */
const WRITE_TARGET_MS = 150;
const WRITE_SIZE = { least: 25, most: 2_000 };

/** The next write's size from the last one's and how long it took. */
export function nextWriteSize(size: number, tookMs: number): number {
  const fitted = Math.floor((size * WRITE_TARGET_MS) / Math.max(tookMs, 1));
  return Math.max(WRITE_SIZE.least, Math.min(WRITE_SIZE.most, size * 2, fitted));
}

/** Downloaded pages waiting to be written, in order; the writer takes all there are at once. */
class PageQueue<T> {
  private readonly items: T[] = [];
  private waiters: (() => void)[] = [];
  private failure: { error: unknown } | null = null;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.wake();
  }

  /** Every page downloaded so far (at least one), or the download's error. */
  async takeAll(): Promise<T[]> {
    while (this.items.length === 0 && !this.failure) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.items.length === 0 && this.failure) throw this.failure.error;
    const taken = this.items.splice(0);
    this.wake();
    return taken;
  }

  /** Resolves once fewer than `limit` pages wait. */
  async room(limit: number): Promise<void> {
    while (this.items.length >= limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    waiting.forEach((resolve) => resolve());
  }
}

/**
 * The first sync of an empty, pull-only collection: pages download up to PAGES_AHEAD ahead while
 * the ones already here are written straight into storage, as many at once as the last write's
 * time allows (fewer, larger IndexedDB transactions), and the status hears of every write (the
 * progress bar moves per write, not per download). The pull's answer to RxDB is the last document
 * written, with the checkpoint the pages reached: RxDB finds it equal to what it holds, writes
 * nothing, and stores the checkpoint (it stores none for an empty answer, so a collection the
 * server has nothing of is asked again from the start next time, as before).
 *
 * Runs only when RxDB holds no checkpoint and the collection is empty; anything else (a first
 * sync cut short after some pages, a device with data) takes RxDB's usual path, which is correct
 * for documents written here. A store restore during the fill (another epoch) abandons it: the
 * usual path then pulls from the start of the new epoch.
 */
export function firstFill<C extends SyncCollection>(
  collection: C,
  deps: PullDeps,
  target: RxCollection<any>,
  write: PageWriter<SyncDocumentOf<C>>,
  extraQuery: () => string = () => '',
): NonNullable<PullOptions<C>['fill']> {
  return async (checkpoint: ReplicaCheckpoint | undefined, batchSize: number) => {
    if (checkpoint || (await target.count().exec()) > 0) return null;
    const announcedBefore = deps.live.announcedSeq(collection);
    const queue = new PageQueue<FetchedPage<C>>();
    let stopped = false;
    void (async () => {
      let after = 0;
      for (;;) {
        await queue.room(PAGES_AHEAD);
        if (stopped) return;
        const fetched = await fetchPage(collection, deps, after, batchSize, extraQuery);
        queue.push(fetched);
        if (fetched.page.remaining === 0 || fetched.page.documents.length === 0) return;
        after = fetched.page.checkpoint.seq;
      }
    })().catch((error: unknown) => queue.fail(error));
    try {
      let written: WithDeleted<SyncDocumentOf<C>>[] = [];
      let writeSize = batchSize;
      let epoch: string | undefined;
      for (;;) {
        const pages = await queue.takeAll();
        const toWrite: WithDeleted<SyncDocumentOf<C>>[] = [];
        let last: ReplicaCheckpoint | null = null;
        for (const fetched of pages) {
          const { page } = fetched;
          if (epoch !== undefined && page.epoch !== undefined && page.epoch !== epoch) {
            deps.live.forget(collection);
            return null;
          }
          epoch ??= page.epoch;
          notePage(collection, deps, fetched, announcedBefore);
          toWrite.push(...withDeletedFlag<C>(page.documents));
          if (page.remaining === 0 || page.documents.length === 0) {
            last = epoch === undefined ? { seq: page.checkpoint.seq } : { seq: page.checkpoint.seq, epoch };
          }
        }
        for (let start = 0; start < toWrite.length;) {
          const chunk = toWrite.slice(start, start + writeSize);
          const began = Date.now();
          await write(chunk);
          deps.status.stored(collection, chunk.length);
          writeSize = nextWriteSize(writeSize, Date.now() - began);
          written = chunk.slice(-1);
          start += chunk.length;
        }
        if (last) return { documents: written, checkpoint: last };
      }
    } finally {
      stopped = true;
    }
  };
}
