import { decide, type Decision } from './decide';
import type { MovementIntent } from './movement';
import { EMPTY_LEVEL, stockKey, type StockLevel } from './stock';

/**
 * An in-memory stock book: the reference model the stores are compared against in tests, and
 * the simplest statement of the rules. Every applied leg bumps its row's version.
 */
export class StockBook {
  private readonly rows = new Map<string, StockLevel>();

  level(warehouseId: string, productId: string): StockLevel {
    return this.rows.get(stockKey(warehouseId, productId)) ?? EMPTY_LEVEL;
  }

  apply(m: MovementIntent): Decision {
    const decision = decide(m, (w) => this.level(w, m.productId));
    if (decision.status === 'applied') {
      for (const leg of decision.legs) {
        const { qty, version } = this.level(leg.warehouseId, m.productId);
        this.rows.set(stockKey(leg.warehouseId, m.productId), { qty: qty + leg.delta, version: version + 1 });
      }
    }
    return decision;
  }

  entries(): Array<[string, StockLevel]> {
    return [...this.rows.entries()];
  }
}
