import { MAX_QTY, type CountMovement } from './movement';
import type { CountOutcome } from './count';
import type { StockLevel } from './stock';

/**
 * Locations (bins) are an optional level below a warehouse. A warehouse's stock row keeps its
 * figure (`qty`, what alerts and thresholds look at) and, beside it, the quantity per bin that
 * holds any: `bins[locationId] > 0`, a bin at zero has no key, a row with no bin stock has no
 * `bins`. The rest, `qty - sum(bins)`, is "not in a bin". It may fall below zero when stock is
 * taken out at warehouse level (an older device, or a sale that names no bin) from what bins
 * hold: the bins then list more than the warehouse has, until a count of those bins says where.
 */
export type Bins = Readonly<Record<string, number>>;

/** One signed change to one bin inside a warehouse row's leg. */
export interface BinDelta {
  locationId: string;
  delta: number;
}

/** What a location is to the rules: where it is and whether it takes movements. */
export interface LocationFacts {
  warehouseId: string;
  archived: boolean;
}

export function binQty(level: StockLevel, locationId: string): number {
  return level.bins?.[locationId] ?? 0;
}

/** The quantity in bins altogether. */
export function binnedQty(level: StockLevel): number {
  let sum = 0;
  for (const qty of Object.values(level.bins ?? {})) sum += qty;
  return sum;
}

/** What is in the warehouse but in no bin (negative when the bins list more than the warehouse has). */
export function unbinnedQty(level: StockLevel): number {
  return level.qty - binnedQty(level);
}

/**
 * The bins after some changes: bins at zero lose their key, keys sorted so the stored text is
 * stable; undefined when no bin holds anything (the row then looks as it did before bins).
 */
export function binsAfter(bins: Bins | undefined, deltas: readonly BinDelta[] | undefined): Bins | undefined {
  const next: Record<string, number> = { ...bins };
  for (const { locationId, delta } of deltas ?? []) next[locationId] = (next[locationId] ?? 0) + delta;
  const kept = Object.keys(next)
    .filter((id) => next[id] !== 0)
    .sort();
  if (kept.length === 0) return undefined;
  return Object.fromEntries(kept.map((id) => [id, next[id] ?? 0]));
}

/**
 * A count of one bin: counted against what the counter expected in that bin, like a warehouse
 * count (reconcileCount), applied to the bin and to the warehouse figure alike. Neither may go
 * below zero: a shortfall past that is clamped and recorded. `stale` compares the row's version
 * (any change to the product in this warehouse, in any bin), the conservative reading.
 */
export function reconcileBinCount(count: CountMovement & { locationId: string }, row: StockLevel): CountOutcome {
  const bin = binQty(row, count.locationId);
  const requestedDelta = count.countedQty - count.expectedQty;
  const stale = count.baseVersion !== undefined && count.baseVersion !== row.version;
  // `0 - x`, not `-x`: a -0 would serialise differently from a replayed 0.
  const floor = 0 - Math.min(bin, row.qty);
  const clamped = requestedDelta < floor;
  const appliedDelta = clamped ? floor : Math.min(requestedDelta, MAX_QTY - Math.max(bin, row.qty));
  return { requestedDelta, appliedDelta, stale, clamped, discrepancy: clamped ? floor - requestedDelta : 0 };
}
