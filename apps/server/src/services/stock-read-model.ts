import { stockKey } from '@stockline/domain';
import type { StockRow } from '@stockline/protocol';
import type { ChangeSet, Store } from '../store/core/port';
import { BoundedFollower, type BoundedFollowerOptions } from './bounded-follower';

/** Stock rows per pull while catching up (the first catch-up reads the whole table). */
const PAGE = 2_000;
/**
 * `maxLagMs`, the staleness bound: a row is answered from memory only while the last complete
 * catch-up began at most this long ago; otherwise the caller reads the store.
 */
export type StockReadModelOptions = BoundedFollowerOptions;

/** Rows this instance wrote and acknowledged that the model may not hold yet. */
interface OwnWrite {
  /** Writes of the row whose commit is not yet pullable by everyone. */
  unsettled: number;
  /** The catch-up pass that, once complete, holds every settled write of the row. */
  pass: number;
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
 * - Monotonic verdicts: a level this instance showed in a verdict, a refusal's included (which
 *   writes nothing), is never read back older from memory (`showed`).
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
  /** Versions this instance showed in verdicts that the model did not hold yet (see `showed`). */
  private readonly floors = new Map<string, number>();
  private readonly follower: BoundedFollower;
  private position = 0;
  private passesStarted = 0;
  private answered = 0;
  private referred = 0;

  constructor(
    private readonly store: Pick<Store, 'pull' | 'pullable'>,
    options: StockReadModelOptions,
  ) {
    this.follower = new BoundedFollower(() => this.catchUp(), options);
  }

  /** Starts following the change stream (the first catch-up loads every row). */
  start(): void {
    this.follower.start();
  }

  close(): Promise<void> {
    return this.follower.close();
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
      fresh: this.follower.fresh(),
      position: this.position,
      ownWrites: this.ownWrites.size,
      answered: this.answered,
      referred: this.referred,
    };
  }

  private lookUp(warehouseId: string, productId: string): StockRow | undefined {
    if (!this.follower.fresh()) return undefined;
    const key = stockKey(warehouseId, productId);
    // A floor is held only while the model's copy is older than it (`showed` and the catch-up keep that true).
    if (this.ownWrites.has(key) || this.floors.has(key)) return undefined;
    return this.rows.get(key);
  }

  /**
   * Levels this instance is about to answer in verdicts. A refusal writes nothing, yet shows the
   * row as the transaction read it, possibly newer than the model's copy (another instance wrote
   * it a moment ago): reads of such a row go to the store until the model has caught up, so no
   * read here shows less than a verdict here did. Called before the verdicts are answered.
   */
  showed(levels: Iterable<{ warehouseId: string; productId: string; version: number }>): void {
    for (const level of levels) {
      const key = stockKey(level.warehouseId, level.productId);
      if ((this.rows.get(key)?.version ?? 0) >= level.version) continue;
      if ((this.floors.get(key) ?? 0) < level.version) this.floors.set(key, level.version);
    }
  }

  /** A write this instance committed; called before the write is answered. */
  wrote(changes: ChangeSet): void {
    if (changes.stock.length === 0) return;
    const entries = changes.stock.map((row) => {
      const key = stockKey(row.warehouseId, row.productId);
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
      this.follower.wake();
    };
    const pullable = this.store.pullable?.(changes.checkpoint.seq);
    if (pullable) pullable.then(settled, settled);
    else settled();
  }

  /** Pulls until nothing is left below the horizon (the follower counts only a complete pass as fresh). */
  private async catchUp(): Promise<void> {
    const pass = ++this.passesStarted;
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
        const key = stockKey(row.warehouseId, row.productId);
        this.rows.set(key, row);
        const floor = this.floors.get(key);
        if (floor !== undefined && row.version >= floor) this.floors.delete(key);
      }
      this.position = page.checkpoint.seq;
      if (page.remaining === 0 || this.follower.closed) break;
    }
    for (const [key, entry] of this.ownWrites) {
      if (entry.unsettled === 0 && entry.pass <= pass) this.ownWrites.delete(key);
    }
  }
}
