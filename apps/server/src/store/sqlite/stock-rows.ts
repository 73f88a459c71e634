import { stockKey } from '@stockline/domain';
import type { ExternalWrites } from './external-writes';
import type { StockDbRow } from '../core/rows';

/** How many committed rows the model holds at most (about 0.4 KiB each: ~40 MiB when full). */
export const STOCK_ROWS_LIMIT = 100_000;

/**
 * The stock read model: stock rows as this connection last wrote or read them, so a stock query
 * and the push path's "row before this movement" skip the SQLite read (a WAL read costs more
 * than the rest of the look-up together).
 *
 * Correct under rollback by construction: writes inside a transaction go to a layer of their
 * own (one per transaction and one per savepoint), which is merged into the layer below when it
 * commits and dropped when it rolls back; only the outermost commit publishes rows to the
 * committed map that reads outside a transaction see. Every statement that writes a stock row
 * puts the row it returned here in the same synchronous step, so a read inside a transaction
 * finds what this transaction wrote, and a row found in no layer is untouched by it, so its
 * SQLite value is the committed one. Another process's commit empties the committed map (see
 * external-writes.ts).
 *
 * Memory: at most STOCK_ROWS_LIMIT committed rows; the oldest filled is dropped first (a Map
 * keeps insertion order), so a server with more rows than that keeps the most recently used.
 * Rows are frozen: callers share them. An absent row is not remembered (it is created by a write
 * that puts it here).
 */
export class StockRows {
  private readonly committed = new Map<string, StockDbRow>();
  private readonly layers: Array<Map<string, StockDbRow>> = [];

  constructor(
    private readonly external: ExternalWrites,
    private readonly limit = STOCK_ROWS_LIMIT,
  ) {
    external.register(() => this.committed.clear());
  }

  /** A read outside any transaction: from memory, else `read()` remembered as committed. */
  read(warehouseId: string, productId: string, read: () => StockDbRow | undefined): StockDbRow | undefined {
    this.external.freshen();
    return this.get(warehouseId, productId, read);
  }

  /**
   * The row as the current transaction sees it: the newest layer holding it, else the committed
   * map, else `read()` (the row is untouched by this transaction, so that is its committed value).
   */
  get(warehouseId: string, productId: string, read: () => StockDbRow | undefined): StockDbRow | undefined {
    const key = stockKey(warehouseId, productId);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const row = this.layers[i]!.get(key);
      if (row) return row;
    }
    const known = this.committed.get(key);
    if (known) return known;
    const row = read();
    if (row) this.remember(key, Object.freeze(row));
    return row;
  }

  /** A row a statement just wrote (or read) inside the current transaction. */
  wrote(row: StockDbRow): void {
    const key = stockKey(row.warehouse_id, row.product_id);
    const top = this.layers.at(-1);
    if (!top) throw new Error('stock rows are written only inside a transaction');
    top.set(key, Object.freeze({ ...row }));
  }

  begin(): void {
    this.layers.push(new Map());
  }

  commit(): void {
    const top = this.layers.pop();
    if (!top) throw new Error('commit without a transaction');
    const below = this.layers.at(-1);
    for (const [key, row] of top) {
      if (below) below.set(key, row);
      else this.remember(key, row);
    }
  }

  rollback(): void {
    if (!this.layers.pop()) throw new Error('rollback without a transaction');
  }

  /** Runs `work` inside a layer: committed if it returns, dropped if it throws. */
  within<T>(work: () => T): T {
    this.begin();
    let result: T;
    try {
      result = work();
    } catch (error) {
      this.rollback();
      throw error;
    }
    this.commit();
    return result;
  }

  /** Rows held as committed (for tests and the memory bound). */
  get size(): number {
    return this.committed.size;
  }

  private remember(key: string, row: StockDbRow): void {
    if (this.layers.length > 0) {
      // Read inside a transaction: keep it with the transaction, published if it commits.
      this.layers.at(-1)!.set(key, row);
      return;
    }
    this.committed.delete(key);
    this.committed.set(key, row);
    if (this.committed.size > this.limit) this.committed.delete(this.committed.keys().next().value!);
  }
}
