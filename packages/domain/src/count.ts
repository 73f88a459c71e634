import { MAX_QTY, type CountMovement } from './movement';
import type { StockLevel } from './stock';

export interface CountOutcome {
  /** countedQty - expectedQty: what the counter found different from what they expected. */
  requestedDelta: number;
  /**
   * What was actually applied: requestedDelta, except that stock stops at zero (then `clamped`)
   * and at MAX_QTY (capped without a flag).
   */
  appliedDelta: number;
  /** The count was based on an older version of the row: sales or receipts happened meanwhile. */
  stale: boolean;
  /** Stock would have gone negative and was set to zero; the gap is recorded, not hidden. */
  clamped: boolean;
  /** Units the count could not account for (0 unless clamped). */
  discrepancy: number;
}

/**
 * A physical count is applied as a difference against what the counter expected, so movements
 * recorded elsewhere meanwhile are kept. It is never refused: when the difference would take
 * stock below zero, stock becomes zero and the gap is reported as a discrepancy.
 */
export function reconcileCount(count: CountMovement, current: StockLevel): CountOutcome {
  const requestedDelta = count.countedQty - count.expectedQty;
  const stale = count.baseVersion !== undefined && count.baseVersion !== current.version;
  const target = current.qty + requestedDelta;
  const clamped = target < 0;
  // `0 - qty`, not `-qty`: a -0 would serialise differently from a replayed 0.
  const appliedDelta = clamped ? 0 - current.qty : Math.min(requestedDelta, MAX_QTY - current.qty);
  return { requestedDelta, appliedDelta, stale, clamped, discrepancy: clamped ? 0 - target : 0 };
}
