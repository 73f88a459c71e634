import type { StockRow } from '@stockline/protocol';
import type { ChangeSet, Store } from '../store/core/port';

/** Stock rows per pull while catching up (the first catch-up reads the whole table). */
const PAGE = 2_000;
/** Longest wait between two catch-ups after a failed one (a lost database connection). */
const BACKOFF_MAX_MS = 1_000;

export interface StockReadModelOptions {
  /**
   * The staleness bound: a row is answered from memory only while the last complete catch-up
   * began at most this long ago; otherwise the caller reads the store.
   */
  maxLagMs: number;
  /** Called when the feed is lost (the first failed catch-up of a run) and when it is back. */
  onFeed?: ((event: { ok: true } | { ok: false; error: unknown }) => void) | undefined;
  /** Milliseconds, monotonic; injectable for tests. */
  clock?: () => number;
}

/** Rows this instance wrote and acknowledged that the model may not hold yet. */
interface OwnWrite {
  /** Writes of the row whose commit is not yet pullable by everyone. */
  unsettled: number;
  /** The catch-up pass that, once complete, holds every settled write of the row. */
  pass: number;
}

function keyOf(warehouseId: string, productId: string): string {
  return `${warehouseId}\u0000${productId}`;
}

/**
 * Every stock row in this instance's memory, fed by the store's ordered change stream: the same
 * `pull('stock')` a device makes, from the model's last checkpoint on, every `maxLagMs / 4`
 * (at most 50 ms) and at once after a local write. The store stays the truth; a row the model
 * cannot vouch for is read from the store, so a caller sees no difference but the speed:
 *
 * - Read-your-writes on this instance: a row this instance wrote is read from the store until a
 *   catch-up that began after the write became pullable (`Store.pullable`) has completed. Marking
 *   happens in the same synchronous step that publishes the write, before it is answered.
 * - Bounded staleness across instances: a row comes from memory only while the last complete
 *   catch-up began at most `maxLagMs` ago, so it reflects every change that was pullable by then.
 *   A lost connection (the pulls fail) turns every read into a store read within that bound; the
 *   next successful pull resumes from the checkpoint the model kept, missing nothing.
 * - A row the model does not hold (a product never moved there) is read from the store too.
 *
 * Pulls never skip a change that commits late (store/port.ts), and each pull returns rows as of
 * a later snapshot than the one before, so applying them in order keeps every row current.
 */
export class StockReadModel {
  private readonly rows = new Map<string, StockRow>();
  private readonly ownWrites = new Map<string, OwnWrite>();
  private readonly clock: () => number;
  private readonly refreshMs: number;
  private position = 0;
  private freshAt = Number.NEGATIVE_INFINITY;
  private passesStarted = 0;
  private wakeUp: (() => void) | null = null;
  private closed = false;
  private loop: Promise<void> | null = null;
  private answered = 0;
  private referred = 0;

  constructor(
    private readonly store: Pick<Store, 'pull' | 'pullable'>,
    private readonly options: StockReadModelOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.refreshMs = Math.max(1, Math.min(50, Math.floor(options.maxLagMs / 4)));
  }

  /** Starts following the change stream (the first catch-up loads every row). */
  start(): void {
    this.loop ??= this.follow();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp?.();
    await this.loop;
  }

  /** The committed row, or undefined when the caller must read the store (see the class comment). */
  get(warehouseId: string, productId: string): StockRow | undefined {
    const row = this.lookUp(warehouseId, productId);
    if (row) this.answered += 1;
    else this.referred += 1;
    return row;
  }

  /**
   * Rows held, whether reads come from memory now, own writes still read from the store, and
   * how many reads were answered from memory and how many referred to the store (/metrics).
   */
  status(): { rows: number; fresh: boolean; position: number; ownWrites: number; answered: number; referred: number } {
    return {
      rows: this.rows.size,
      fresh: this.clock() - this.freshAt <= this.options.maxLagMs,
      position: this.position,
      ownWrites: this.ownWrites.size,
      answered: this.answered,
      referred: this.referred,
    };
  }

  private lookUp(warehouseId: string, productId: string): StockRow | undefined {
    if (this.clock() - this.freshAt > this.options.maxLagMs) return undefined;
    const key = keyOf(warehouseId, productId);
    if (this.ownWrites.has(key)) return undefined;
    return this.rows.get(key);
  }

  /** A write this instance committed; called before the write is answered. */
  wrote(changes: ChangeSet): void {
    if (changes.stock.length === 0) return;
    const entries = changes.stock.map((row) => {
      const key = keyOf(row.warehouseId, row.productId);
      let entry = this.ownWrites.get(key);
      if (!entry) this.ownWrites.set(key, (entry = { unsettled: 0, pass: 0 }));
      entry.unsettled += 1;
      return entry;
    });
    const settled = () => {
      // Every catch-up that starts from now on reads past this write's seqs.
      for (const entry of entries) {
        entry.unsettled -= 1;
        entry.pass = Math.max(entry.pass, this.passesStarted + 1);
      }
      this.wakeUp?.();
    };
    const pullable = this.store.pullable?.(changes.checkpoint.seq);
    if (pullable) pullable.then(settled, settled);
    else settled();
  }

  private async follow(): Promise<void> {
    let backoff = 0;
    while (!this.closed) {
      try {
        await this.catchUp();
        if (backoff > 0) this.options.onFeed?.({ ok: true });
        backoff = 0;
      } catch (error) {
        if (backoff === 0 && !this.closed) this.options.onFeed?.({ ok: false, error });
        backoff = Math.min(BACKOFF_MAX_MS, Math.max(backoff * 2, this.refreshMs));
      }
      if (!this.closed) await this.pause(backoff || this.refreshMs, backoff === 0);
    }
  }

  /** Pulls until nothing is left below the horizon; only a complete pass moves `freshAt`. */
  private async catchUp(): Promise<void> {
    const pass = ++this.passesStarted;
    const started = this.clock();
    for (;;) {
      const page = await this.store.pull('stock', { after: this.position, limit: PAGE, scope: { all: true } });
      for (const doc of page.documents) {
        // Only the row's own fields: what Store.getStock answers.
        const row: StockRow = {
          warehouseId: doc.warehouseId,
          productId: doc.productId,
          qty: doc.qty,
          threshold: doc.threshold,
          reorderQty: doc.reorderQty,
          version: doc.version,
          updatedAt: doc.updatedAt,
        };
        this.rows.set(keyOf(row.warehouseId, row.productId), row);
      }
      this.position = page.checkpoint.seq;
      if (page.remaining === 0 || this.closed) break;
    }
    this.freshAt = started;
    for (const [key, entry] of this.ownWrites) {
      if (entry.unsettled === 0 && entry.pass <= pass) this.ownWrites.delete(key);
    }
  }

  private pause(ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        if (wakeable || this.closed) done();
      };
    });
  }
}
