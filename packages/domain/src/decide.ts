import { reconcileCount, type CountOutcome } from './count';
import { signOf, type MovementIntent } from './movement';
import { canApply, fitsCapacity, type StockLevel } from './stock';

/** One signed change to one warehouse's row of the movement's product. */
export interface Leg {
  warehouseId: string;
  delta: number;
}

export type Decision =
  | { status: 'applied'; legs: Leg[]; count?: CountOutcome }
  | { status: 'rejected'; reason: 'insufficient_stock' | 'over_capacity' };

/** The changes a plain or transfer movement asks for, before any guard. */
export function requestedLegs(m: Exclude<MovementIntent, { type: 'count' }>): Leg[] {
  if (m.type === 'transfer') {
    return [
      { warehouseId: m.warehouseId, delta: -m.quantity },
      { warehouseId: m.toWarehouseId, delta: m.quantity },
    ];
  }
  return [{ warehouseId: m.warehouseId, delta: signOf(m.type) * m.quantity }];
}

/**
 * The rule every store applies inside its transaction: what a movement does to stock given the
 * current rows. All legs apply or none do (I7); no leg may take a row below zero (I1).
 */
export function decide(m: MovementIntent, levelAt: (warehouseId: string) => StockLevel): Decision {
  if (m.type === 'count') {
    // A count is never refused: reconcileCount already clamps at zero.
    const count = reconcileCount(m, levelAt(m.warehouseId));
    return { status: 'applied', legs: [{ warehouseId: m.warehouseId, delta: count.appliedDelta }], count };
  }
  const legs = requestedLegs(m);
  if (!legs.every((leg) => canApply(levelAt(leg.warehouseId).qty, leg.delta))) {
    return { status: 'rejected', reason: 'insufficient_stock' };
  }
  if (!legs.every((leg) => fitsCapacity(levelAt(leg.warehouseId).qty, leg.delta))) {
    return { status: 'rejected', reason: 'over_capacity' };
  }
  return { status: 'applied', legs };
}
