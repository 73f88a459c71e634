import type { MovementIntent } from './movement';
import { stockKey } from './stock';
import { legsOf, type Verdict } from './verdict';

/** A movement as a ledger lists it: what it asked for and the verdict it got. */
export type LedgerEntry = MovementIntent & { verdict: Pick<Verdict, 'status' | 'count'> };

/** A stock row as a store lists it. */
export interface RowQty {
  warehouseId: string;
  productId: string;
  qty: number;
}

/** Per stock key, the sum of the deltas of every applied leg in the ledger. */
export function ledgerSums(ledger: Iterable<LedgerEntry>): Map<string, number> {
  const sums = new Map<string, number>();
  for (const m of ledger) {
    for (const leg of legsOf(m, m.verdict)) {
      const key = stockKey(leg.warehouseId, m.productId);
      sums.set(key, (sums.get(key) ?? 0) + leg.delta);
    }
  }
  return sums;
}

/**
 * I3 checked from the outside: each row's quantity equals the sum of its applied legs, and no
 * ledger sum lacks its row. One line per mismatch; none when the store keeps I3.
 */
export function ledgerMismatches(rows: Iterable<RowQty>, ledger: Iterable<LedgerEntry>): string[] {
  const sums = ledgerSums(ledger);
  const problems: string[] = [];
  for (const row of rows) {
    const key = stockKey(row.warehouseId, row.productId);
    const sum = sums.get(key) ?? 0;
    if (sum !== row.qty) problems.push(`I3: ${key} has qty ${row.qty} but its ledger sums to ${sum}`);
    sums.delete(key);
  }
  for (const [key, sum] of sums)
    if (sum !== 0) problems.push(`I3: ${key} has no stock row but its ledger sums to ${sum}`);
  return problems;
}
