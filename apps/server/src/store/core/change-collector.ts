import { stockKey } from '@stockline/domain';
import type { Alert, RecordedMovement, StockRow } from '@stockline/protocol';
import type { ChangeSet } from './port';
import { toAlert, toStock, type AlertRow, type StockDbRow } from './rows';

/** Hands out the server sequence inside a write transaction (SQLite's sequence row, PostgreSQL's slot). */
export interface Sequence {
  nextSeq(): number;
}

/**
 * Collects what one write transaction of a SQL store (SQLite, PostgreSQL) changed; later changes
 * of one document replace earlier ones, so a ChangeSet holds each document's final state.
 */
export class ChangeCollector {
  private readonly stock = new Map<string, StockRow>();
  private readonly alerts = new Map<string, Alert>();
  readonly movements: RecordedMovement[] = [];
  private checkpoint = 0;

  /** `sequence` hands out the server sequence inside the write. */
  constructor(private readonly sequence: Sequence) {}

  seq(): number {
    const seq = this.sequence.nextSeq();
    this.checkpoint = Math.max(this.checkpoint, seq);
    return seq;
  }

  addStock(row: StockDbRow): void {
    this.stock.set(stockKey(row.warehouse_id, row.product_id), toStock(row));
  }

  addAlert(row: AlertRow): void {
    this.alerts.set(row.id, toAlert(row));
  }

  result(extra: Partial<Pick<ChangeSet, 'products' | 'warehouses'>> = {}): ChangeSet {
    return {
      products: extra.products ?? [],
      warehouses: extra.warehouses ?? [],
      stock: [...this.stock.values()],
      movements: this.movements,
      alerts: [...this.alerts.values()],
      checkpoint: { seq: this.checkpoint },
    };
  }
}
