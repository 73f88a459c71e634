import { RequestFailed, messageOf } from '../http';
import type { Direction, StatusTracker } from '../status';

/** Thrown into RxDB's loops once the replica is closing, so that they stop instead of retrying. */
export class ReplicaClosed extends Error {
  constructor() {
    super('replica closed');
    this.name = 'ReplicaClosed';
  }
}

/** Exponential backoff with jitter, capped so an offline device still retries every few seconds. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export interface RetryOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Runs every request of the sync loops. Transport failures are retried with backoff, forever;
 * a refused token (401/403) parks every loop until `setToken` or `wake` — it is never retried
 * silently. RxDB has its own fixed-interval retry; doing it here gives backoff, wakes early when
 * the live socket reconnects, and keeps auth failures out of the retry loop.
 */
export class SyncGate {
  private readonly waiters = new Set<() => void>();
  private authBlocked = false;
  private readonly controller = new AbortController();

  constructor(
    private readonly status: StatusTracker,
    /** Also the backoff of parked movements' retries (parked-outbox.ts). */
    readonly options: RetryOptions,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Something changed that may let a waiting request succeed now (socket reconnected, resync). */
  wake(): void {
    for (const resolve of [...this.waiters]) resolve();
  }

  /** A new token: resume loops parked on 401/403. */
  unblock(): void {
    this.authBlocked = false;
    this.wake();
  }

  close(): void {
    this.controller.abort();
    this.wake();
  }

  private pause(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      if (ms !== null) timer = setTimeout(done, ms);
    });
  }

  /**
   * With `throwRefused`, a refusal that no retry can change (a 4xx other than 401/403/408/429)
   * is thrown to the caller instead of retried.
   */
  async run<T>(direction: Direction, request: () => Promise<T>, options: { throwRefused?: boolean } = {}): Promise<T> {
    for (let attempt = 0; ;) {
      if (this.closed) throw new ReplicaClosed();
      if (this.authBlocked) {
        // Parked until a new token arrives (unblock) or the replica closes.
        await this.pause(null);
        continue;
      }
      try {
        const result = await request();
        this.status.succeeded(direction);
        return result;
      } catch (error) {
        if (this.closed) throw new ReplicaClosed();
        const failure =
          error instanceof RequestFailed ? error : new RequestFailed('transport', 'network', 0, messageOf(error));
        this.status.failed(direction, failure);
        // A refused token, or a server that cannot serve this protocol version: park (the queue
        // stays as it is) until a new token or the replica closes.
        if (failure.kind === 'expired' || failure.kind === 'forbidden' || failure.kind === 'outdated') {
          this.authBlocked = true;
          continue;
        }
        if (failure.kind === 'refused' && options.throwRefused) throw failure;
        await this.pause(backoffMs(attempt++, this.options.baseMs, this.options.maxMs));
      }
    }
  }
}
