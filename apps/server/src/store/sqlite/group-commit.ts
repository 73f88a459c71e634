import type Database from 'better-sqlite3';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Queued {
  work: () => unknown;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for pushed batches. With synchronous=FULL every commit waits for an fsync, and
 * the fsync, not the SQL, is what a pushed batch costs (a profile of 50 devices pushing shows
 * the process idle in fsync most of the time). Batches that arrive while one commit is under way
 * (or in the same turn of the event loop) are written in one transaction: each in its own
 * savepoint, so a batch that throws rolls back alone, and the group shares one fsync. Nobody is
 * answered before that commit returns, so a verdict a device sees is still durable.
 */
export class GroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;

  /**
   * `around` sees each group's transaction: `begin` runs first inside it (holding the write
   * lock), then `commit` once it has committed or `rollback` if it failed.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly around?: { begin(): void; commit(): void; rollback(): void },
  ) {}

  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    const outcomes: Outcome[] = [];
    let begun = false;
    try {
      this.db
        .transaction(() => {
          this.around?.begin();
          begun = true;
          for (const item of group) {
            try {
              // A transaction inside a transaction is a SAVEPOINT in better-sqlite3.
              outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      // The commit itself failed: nothing of the group is durable, so nobody gets a verdict.
      if (begun) this.around?.rollback();
      for (const item of group) item.reject(error);
      return;
    }
    this.around?.commit();
    group.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value as never);
      else item.reject(outcome.error);
    });
  }
}
