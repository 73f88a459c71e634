import { performance } from 'node:perf_hooks';
import type { Statements } from './statements';

/**
 * How rows kept in memory learn that another process wrote the file. One server owns DATA_DIR
 * (the lock in data-dir-lock.ts), so every write of the serving process goes through this connection
 * and its caches forget what it changes in the same step. The recovery commands
 * (`npm run admin -- reset-password`, `create-admin`) are the exception: they open a second
 * connection on a running server's file. SQLite's `data_version` changes whenever another
 * connection commits, so every cache registers a `forget` here and calls `freshen()` before
 * trusting itself.
 *
 * The pragma is a statement of its own (about a third of the row read it saves), so it is asked
 * at most once per `maxAgeMs`: a busy server checks a few dozen times a second instead of per
 * request, and a write from another process is seen within `maxAgeMs`, far below the time any
 * person takes to run a command and then try the old password or token.
 */
export class ExternalWrites {
  private version: number;
  private checkedAt: number;
  private readonly forgetters: Array<() => void> = [];

  constructor(
    private readonly sql: Statements,
    private readonly maxAgeMs = 50,
  ) {
    this.version = this.read();
    this.checkedAt = performance.now();
  }

  /** `forget` empties a cache; it runs whenever another connection is seen to have committed. */
  register(forget: () => void): void {
    this.forgetters.push(forget);
  }

  /** Empties every registered cache if another connection committed since the last look. */
  freshen(): void {
    if (performance.now() - this.checkedAt < this.maxAgeMs) return;
    this.freshenNow();
  }

  /**
   * The same without the age bound: the push path calls it once per group commit, right after
   * taking the write lock, so what it decides on is exact, not merely `maxAgeMs` fresh.
   */
  freshenNow(): void {
    this.checkedAt = performance.now();
    const version = this.read();
    if (version === this.version) return;
    this.version = version;
    for (const forget of this.forgetters) forget();
  }

  private read(): number {
    return this.sql.get<{ data_version: number }>('PRAGMA data_version')!.data_version;
  }
}
