import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { ReplicaStatus, SyncError } from './types';
import type { RequestFailed } from './http';

/** How far the first pull of one collection has come, from the pull responses' `remaining`. */
export interface PullProgress {
  pulled: number;
  remaining: number;
  /** A pull answered with nothing left after it. */
  caughtUp: boolean;
  /** Documents the replication has written to the device's database. */
  stored: number;
  /** The replication's first run wrote everything it pulled. */
  written: boolean;
}

const NO_PROGRESS: PullProgress = { pulled: 0, remaining: 0, caughtUp: false, stored: 0, written: false };

/**
 * 0..1: the share of the first sync's documents written to the device's database, over every
 * collection being pulled. Each collection weighs its documents (pulled + remaining on the
 * server) plus one for its first answer and one for its end (caught up and written), so the bar
 * moves with every write in proportion to the documents in it, moves as soon as the total is
 * known (before the first write, which waits on the database), and reaches 1 only when every
 * collection is done; an empty collection weighs just its answer and its end. Until every
 * collection has answered once the total is unknown: 0. Stored, not downloaded: the replication pulls ahead of its writes, and a catalogue
 * that is downloaded but not yet written cannot answer a scan.
 *
 * (Weighing collections equally instead let five warehouses and two empty collections fill 60%
 * of the bar at once, and the last collection's final writes then ran under the cap below 1.)
 */
export function initialSyncProgress(
  collections: readonly string[],
  progress: ReadonlyMap<string, PullProgress>,
): number {
  let done = 0;
  let total = 0;
  for (const name of collections) {
    const p = progress.get(name);
    if (!p) return 0;
    const documents = p.pulled + p.remaining;
    total += documents + 2;
    done += 1 + (p.caughtUp && p.written ? documents + 1 : Math.min(p.stored, p.pulled));
  }
  return total === 0 ? 1 : done / total;
}

export const INITIAL_STATUS: ReplicaStatus = {
  online: false,
  pending: 0,
  rejected: 0,
  lastSyncedAt: null,
  uploadError: null,
  downloadError: null,
  auth: 'ok',
  initialSyncDone: false,
  initialSyncProgress: 0,
  updateRequired: false,
  serverRestarting: false,
};

export type Direction = 'upload' | 'download';

function sameStatus(a: ReplicaStatus, b: ReplicaStatus): boolean {
  return (Object.keys(a) as (keyof ReplicaStatus)[]).every((k) => a[k] === b[k]);
}

/** The one status object: every part of the replica reports here, the UI reads `status$`. */
export class StatusTracker {
  private readonly subject = new BehaviorSubject<ReplicaStatus>(INITIAL_STATUS);
  readonly status$: Observable<ReplicaStatus> = this.subject.pipe(distinctUntilChanged(sameStatus));
  private socketConnected = false;
  private lastRequestOk = false;
  private readonly progress = new Map<string, PullProgress>();

  constructor(
    private readonly pulledCollections: readonly string[],
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get value(): ReplicaStatus {
    return this.subject.value;
  }

  private patch(change: Partial<ReplicaStatus>): void {
    const next = { ...this.subject.value, ...change };
    next.online = this.socketConnected && this.lastRequestOk && next.auth === 'ok' && !next.updateRequired;
    this.subject.next(next);
  }

  succeeded(direction: Direction): void {
    this.lastRequestOk = true;
    this.patch({
      lastSyncedAt: this.clock().toISOString(),
      auth: 'ok',
      updateRequired: false,
      ...(direction === 'upload' ? { uploadError: null } : { downloadError: null }),
    });
  }

  failed(direction: Direction, failure: RequestFailed): void {
    const error: SyncError = { code: failure.code, message: failure.message, at: this.clock().toISOString() };
    if (failure.kind === 'transport') this.lastRequestOk = false;
    const auth =
      failure.kind === 'expired' ? 'expired' : failure.kind === 'forbidden' ? 'forbidden' : this.subject.value.auth;
    const updateRequired = this.subject.value.updateRequired || failure.kind === 'outdated';
    this.patch({
      auth,
      updateRequired,
      ...(direction === 'upload' ? { uploadError: error } : { downloadError: error }),
    });
  }

  socket(connected: boolean): void {
    this.socketConnected = connected;
    this.patch(connected ? { serverRestarting: false } : {});
  }

  /** The server announced it is draining for a restart; cleared by the next connect. */
  serverRestarting(): void {
    this.patch({ serverRestarting: true });
  }

  /** The socket handshake itself was refused for the token. */
  socketRefused(failure: RequestFailed): void {
    this.failed('download', failure);
  }

  tokenReplaced(): void {
    this.patch({ auth: 'ok' });
  }

  counts(pending: number, rejected: number): void {
    this.patch({ pending, rejected });
  }

  /** A pull page arrived: `documents` in it, `remaining` after it on the server. */
  pulled(collection: string, documents: number, remaining: number): void {
    const before = this.progress.get(collection) ?? NO_PROGRESS;
    this.progress.set(collection, {
      ...before,
      pulled: before.pulled + documents,
      remaining,
      caughtUp: before.caughtUp || remaining === 0,
    });
    this.progressChanged();
  }

  /** The replication wrote `documents` more pulled documents to the database. */
  stored(collection: string, documents: number): void {
    const before = this.progress.get(collection) ?? NO_PROGRESS;
    this.progress.set(collection, { ...before, stored: before.stored + documents });
    this.progressChanged();
  }

  /** The replication's first run is over: all it pulled is written. */
  written(collection: string): void {
    const before = this.progress.get(collection) ?? NO_PROGRESS;
    this.progress.set(collection, { ...before, written: true });
    this.progressChanged();
  }

  private progressChanged(): void {
    const done = this.pulledCollections.every((name) => {
      const p = this.progress.get(name);
      return p !== undefined && p.caughtUp && p.written;
    });
    const shown = this.subject.value.initialSyncProgress;
    this.patch({
      // Never back: a collection that grows on the server during the first sync (new documents
      // remaining) lowers the share for a moment; the bar holds until the writes pass it again.
      initialSyncProgress: done ? 1 : Math.max(shown, initialSyncProgress(this.pulledCollections, this.progress)),
      initialSyncDone: this.subject.value.initialSyncDone || done,
    });
  }

  complete(): void {
    this.subject.complete();
  }
}
