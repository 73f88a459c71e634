import type { CountOutcome } from './count';
import { requestedLegs, type Leg } from './decide';
import type { MovementIntent, RejectionReason } from './movement';
import type { StockLevel } from './stock';

/**
 * The answer to one movement. `stock` is the row at `warehouseId` after the verdict (for a
 * transfer, `toStock` is the destination's). The protocol's wire schema has this exact shape.
 */
export interface Verdict {
  id: string;
  status: 'applied' | 'rejected';
  reason?: RejectionReason;
  stock: StockLevel;
  toStock?: StockLevel;
  count?: CountOutcome;
}

export type VerdictOutcome =
  { status: 'applied'; count?: CountOutcome | undefined } | { status: 'rejected'; reason: RejectionReason };

/**
 * A verdict with a fixed key order and no undefined keys, so its stored JSON is byte-stable and
 * a replay hands back exactly what the device saw the first time.
 */
export function makeVerdict(
  m: MovementIntent & { id: string },
  outcome: VerdictOutcome,
  levelAt: (warehouseId: string) => StockLevel,
): Verdict {
  // Spreads keep the key order fixed whichever optional keys are present.
  return {
    id: m.id,
    status: outcome.status,
    ...(outcome.status === 'rejected' ? { reason: outcome.reason } : {}),
    stock: copyLevel(levelAt(m.warehouseId)),
    ...(m.type === 'transfer' ? { toStock: copyLevel(levelAt(m.toWarehouseId)) } : {}),
    ...(outcome.status === 'applied' && outcome.count ? { count: withoutNegativeZero(outcome.count) } : {}),
  };
}

/**
 * `+ 0` turns a -0 (from negating a zero quantity) into 0, so the verdict a device gets first is
 * exactly the one a replay reads back from storage (JSON has no -0).
 */
function withoutNegativeZero(count: CountOutcome): CountOutcome {
  return {
    requestedDelta: count.requestedDelta + 0,
    appliedDelta: count.appliedDelta + 0,
    stale: count.stale,
    clamped: count.clamped,
    discrepancy: count.discrepancy + 0,
  };
}

function copyLevel(level: StockLevel): StockLevel {
  return { qty: level.qty, version: level.version };
}

/**
 * The legs a verdict stands for: none when rejected, the applied difference for a count, and
 * otherwise what the movement asked for. Lets anyone check I3 from a movement and its verdict.
 */
export function legsOf(m: MovementIntent, verdict: Pick<Verdict, 'status' | 'count'>): Leg[] {
  if (verdict.status !== 'applied') return [];
  if (m.type === 'count') {
    const delta = verdict.count?.appliedDelta ?? 0;
    return [
      m.locationId === undefined
        ? { warehouseId: m.warehouseId, delta }
        : { warehouseId: m.warehouseId, delta, bins: [{ locationId: m.locationId, delta }] },
    ];
  }
  return requestedLegs(m);
}
