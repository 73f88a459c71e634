import { binQty, binsAfter, reconcileBinCount, unbinnedQty, type BinDelta } from './bins';
import { reconcileCount, type CountOutcome } from './count';
import { signOf, type MovementIntent } from './movement';
import { afterLeg, canApply, fitsCapacity, type StockLevel } from './stock';

/**
 * One signed change to one warehouse's row of the movement's product: `delta` to the warehouse
 * figure, and `bins` the part of it (or, for a move between bins of one warehouse, the whole of
 * it: delta 0) that goes to or from named bins. A movement has at most one leg per row.
 */
export interface Leg {
  warehouseId: string;
  delta: number;
  bins?: BinDelta[];
}

/** A leg of `delta` at a warehouse, into or out of a bin when one is named. */
function legAt(warehouseId: string, delta: number, locationId: string | undefined): Leg {
  return locationId === undefined ? { warehouseId, delta } : { warehouseId, delta, bins: [{ locationId, delta }] };
}

export type Decision =
  | { status: 'applied'; legs: Leg[]; count?: CountOutcome }
  | { status: 'rejected'; reason: 'insufficient_stock' | 'over_capacity' };

/** The changes a plain or transfer movement asks for, before any guard. */
export function requestedLegs(m: Exclude<MovementIntent, { type: 'count' }>): Leg[] {
  if (m.type === 'transfer') {
    if (m.toWarehouseId === m.warehouseId) {
      // Between bins (or a bin and the rest) of one warehouse: its figure stays, one leg.
      const bins: BinDelta[] = [];
      if (m.locationId !== undefined) bins.push({ locationId: m.locationId, delta: -m.quantity });
      if (m.toLocationId !== undefined) bins.push({ locationId: m.toLocationId, delta: m.quantity });
      return [{ warehouseId: m.warehouseId, delta: 0, bins }];
    }
    return [legAt(m.warehouseId, -m.quantity, m.locationId), legAt(m.toWarehouseId, m.quantity, m.toLocationId)];
  }
  return [legAt(m.warehouseId, signOf(m.type) * m.quantity, m.locationId)];
}

/**
 * The guard of one leg (I1 per level): the warehouse figure, every bin it names, and, when the
 * leg moves stock between named bins and the rest of the same warehouse, that rest too. Stock
 * taken out at warehouse level alone is guarded by the warehouse figure only, as it was before
 * bins (bins.ts says what the rest then means).
 */
function legCovered(level: StockLevel, leg: Leg): boolean {
  if (!canApply(level.qty, leg.delta)) return false;
  if (!leg.bins || leg.bins.length === 0) return true;
  let binned = 0;
  for (const bin of leg.bins) {
    if (!canApply(binQty(level, bin.locationId), bin.delta)) return false;
    binned += bin.delta;
  }
  const rest = leg.delta - binned;
  return rest >= 0 || canApply(unbinnedQty(level), rest);
}

/** No level of the leg grows past MAX_QTY. */
function legFitsCapacity(level: StockLevel, leg: Leg): boolean {
  return (
    fitsCapacity(level.qty, leg.delta) &&
    (leg.bins ?? []).every((bin) => fitsCapacity(binQty(level, bin.locationId), bin.delta))
  );
}

/** A count's one leg: of its bin when it names one, else of the warehouse figure. */
function countLeg(m: Extract<MovementIntent, { type: 'count' }>, level: StockLevel): { leg: Leg; count: CountOutcome } {
  if (m.locationId === undefined) {
    const count = reconcileCount(m, level);
    return { leg: { warehouseId: m.warehouseId, delta: count.appliedDelta }, count };
  }
  const count = reconcileBinCount({ ...m, locationId: m.locationId }, level);
  return { leg: legAt(m.warehouseId, count.appliedDelta, m.locationId), count };
}

/** Why a leg may not be applied to a row now (I1 per level, capacity), or null when it may. */
export function legRefusal(level: StockLevel, leg: Leg): 'insufficient_stock' | 'over_capacity' | null {
  if (!legCovered(level, leg)) return 'insufficient_stock';
  if (!legFitsCapacity(level, leg)) return 'over_capacity';
  return null;
}

/** A count's leg when its outcome is already known (a held verdict replayed): that difference, in its bin if it names one. */
export function heldCountLeg(m: Extract<MovementIntent, { type: 'count' }>, held: CountOutcome): Leg {
  return legAt(m.warehouseId, held.appliedDelta, m.locationId);
}

/**
 * The rule every store applies inside its transaction: what a movement does to stock given the
 * current rows. All legs apply or none do (I7); no leg may take a row below zero (I1).
 */
export function decide(m: MovementIntent, levelAt: (warehouseId: string) => StockLevel): Decision {
  if (m.type === 'count') {
    // A count is never refused: reconcileCount and reconcileBinCount already clamp at zero.
    // Without a bin it counts the warehouse figure, as before bins; its difference goes to the
    // stock in no bin, so the bins stay as they were (each bin is corrected by counting it).
    const { leg, count } = countLeg(m, levelAt(m.warehouseId));
    return { status: 'applied', legs: [leg], count };
  }
  const legs = requestedLegs(m);
  if (!legs.every((leg) => legCovered(levelAt(leg.warehouseId), leg))) {
    return { status: 'rejected', reason: 'insufficient_stock' };
  }
  if (!legs.every((leg) => legFitsCapacity(levelAt(leg.warehouseId), leg))) {
    return { status: 'rejected', reason: 'over_capacity' };
  }
  return { status: 'applied', legs };
}

/**
 * A row's level after one applied leg, its bins included: what every store's guarded write must
 * leave (a row without bin stock carries no `bins` key, as before bins).
 */
export function levelAfterLeg(level: StockLevel, leg: Leg): StockLevel {
  const bins = binsAfter(level.bins, leg.bins);
  return { ...afterLeg(level, leg.delta), ...(bins ? { bins } : {}) };
}
