import { MAX_QTY, type MovementIntent, type RejectionReason } from '../movement';

/** What the oracle expects of one movement: its status and, for a count, the reconciliation. */
export type Expectation =
  | { status: 'rejected'; reason: RejectionReason }
  | {
      status: 'applied';
      count?: { requestedDelta: number; appliedDelta: number; stale: boolean; clamped: boolean; discrepancy: number };
    };

/**
 * The reference model tests hold the stores and decide() to. It shares no code with the rules
 * it checks: it keeps a ledger of applied changes and restates each rule as plain arithmetic
 * over it (a row's quantity is the sum of its entries, its version their number).
 */
export class StockOracle {
  private readonly entries: Array<{ warehouseId: string; productId: string; delta: number }> = [];

  qty(warehouseId: string, productId: string): number {
    let sum = 0;
    for (const e of this.entries) if (e.warehouseId === warehouseId && e.productId === productId) sum += e.delta;
    return sum;
  }

  version(warehouseId: string, productId: string): number {
    return this.entries.filter((e) => e.warehouseId === warehouseId && e.productId === productId).length;
  }

  level(warehouseId: string, productId: string): { qty: number; version: number } {
    return { qty: this.qty(warehouseId, productId), version: this.version(warehouseId, productId) };
  }

  /** Answers a movement the way the rules say, and books it when it applies. */
  apply(m: MovementIntent): Expectation {
    const here = this.qty(m.warehouseId, m.productId);
    switch (m.type) {
      case 'purchase':
        if (m.quantity > here) return { status: 'rejected', reason: 'insufficient_stock' };
        return this.book(m.productId, [[m.warehouseId, -m.quantity]]);
      case 'return':
      case 'restock':
        if (here + m.quantity > MAX_QTY) return { status: 'rejected', reason: 'over_capacity' };
        return this.book(m.productId, [[m.warehouseId, m.quantity]]);
      case 'transfer':
        if (m.quantity > here) return { status: 'rejected', reason: 'insufficient_stock' };
        if (this.qty(m.toWarehouseId, m.productId) + m.quantity > MAX_QTY)
          return { status: 'rejected', reason: 'over_capacity' };
        return this.book(m.productId, [
          [m.warehouseId, -m.quantity],
          [m.toWarehouseId, m.quantity],
        ]);
      case 'count': {
        // The counter saw `countedQty` where they expected `expectedQty`; what happened elsewhere
        // since then stays. Below zero is impossible, so the shelf is taken as empty and the gap noted.
        const requestedDelta = m.countedQty - m.expectedQty;
        const wanted = here + requestedDelta;
        const settled = wanted < 0 ? 0 : wanted > MAX_QTY ? MAX_QTY : wanted;
        const stale = m.baseVersion !== undefined && m.baseVersion !== this.version(m.warehouseId, m.productId);
        this.book(m.productId, [[m.warehouseId, settled - here]]);
        return {
          status: 'applied',
          count: {
            requestedDelta,
            appliedDelta: settled - here,
            stale,
            clamped: wanted < 0,
            discrepancy: wanted < 0 ? -wanted : 0,
          },
        };
      }
    }
  }

  private book(productId: string, legs: Array<[string, number]>): Expectation {
    for (const [warehouseId, delta] of legs) this.entries.push({ warehouseId, productId, delta });
    return { status: 'applied' };
  }
}
