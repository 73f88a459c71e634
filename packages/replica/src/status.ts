import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { ReplicaStatus, SyncError } from './types';
import type { RequestFailed } from './http';

/** How far the first pull of one collection has come, from the pull responses' `remaining`. */
export interface PullProgress {
  pulled: number;
  remaining: number;
  /** A pull answered with nothing left after it. */
  caughtUp: boolean;
}

/**
 * 0..1 over the collections being pulled: each counts equally, a collection not heard from yet
 * counts as 0, a caught-up one as 1. Equal weights keep the bar moving for small collections too.
 */
export function initialSyncProgress(collections: readonly string[], progress: ReadonlyMap<string, PullProgress>): number {
  if (collections.length === 0) return 1;
  let sum = 0;
  for (const name of collections) {
    const p = progress.get(name);
    if (!p) continue;
    if (p.caughtUp) sum += 1;
    else if (p.pulled + p.remaining > 0) sum += p.pulled / (p.pulled + p.remaining);
  }
  return sum / collections.length;
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
    const auth = failure.kind === 'expired' ? 'expired' : failure.kind === 'forbidden' ? 'forbidden' : this.subject.value.auth;
    const updateRequired = this.subject.value.updateRequired || failure.kind === 'outdated';
    this.patch({ auth, updateRequired, ...(direction === 'upload' ? { uploadError: error } : { downloadError: error }) });
  }

  socket(connected: boolean): void {
    this.socketConnected = connected;
    this.patch({});
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

  pulled(collection: string, documents: number, remaining: number): void {
    const before = this.progress.get(collection) ?? { pulled: 0, remaining: 0, caughtUp: false };
    this.progress.set(collection, {
      pulled: before.pulled + documents,
      remaining,
      caughtUp: before.caughtUp || remaining === 0,
    });
    const progress = initialSyncProgress(this.pulledCollections, this.progress);
    this.patch({
      initialSyncProgress: progress,
      initialSyncDone: this.subject.value.initialSyncDone || progress >= 1,
    });
  }

  complete(): void {
    this.subject.complete();
  }
}
