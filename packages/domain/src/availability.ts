import type { BinDelta, Bins } from './bins';
import { requestedLegs } from './decide';
import type { MovementIntent } from './movement';

export interface Availability {
  /** The server's quantity, as last pulled. */
  serverQty: number;
  /** The device's movements not yet answered, summed for this row. */
  pendingDelta: number;
  /** What the device shows: server quantity plus pending deltas, never below zero. */
  available: number;
}

/** What a movement still waiting for its verdict would do to one warehouse's row. */
export function pendingDeltaAt(m: MovementIntent, warehouseId: string): number {
  if (m.type === 'count') return m.warehouseId === warehouseId ? m.countedQty - m.expectedQty : 0;
  let delta = 0;
  for (const leg of requestedLegs(m)) if (leg.warehouseId === warehouseId) delta += leg.delta;
  return delta;
}

/**
 * Displayed availability for one (warehouse, product): the server's quantity plus the device's
 * pending deltas, so a clerk sees what their own scans will do before the server answers.
 */
export function availability(
  serverQty: number,
  warehouseId: string,
  productId: string,
  pending: readonly MovementIntent[],
): Availability {
  let pendingDelta = 0;
  for (const m of pending) if (m.productId === productId) pendingDelta += pendingDeltaAt(m, warehouseId);
  return { serverQty, pendingDelta, available: Math.max(0, serverQty + pendingDelta) };
}

/** What a movement still waiting for its verdict would do to the bins of one warehouse's row. */
export function pendingBinDeltasAt(m: MovementIntent, warehouseId: string): BinDelta[] {
  if (m.type === 'count') {
    // A count without a bin corrects the warehouse figure only; the bins stay (decide.ts).
    if (m.warehouseId !== warehouseId || m.locationId === undefined) return [];
    return [{ locationId: m.locationId, delta: m.countedQty - m.expectedQty }];
  }
  const deltas: BinDelta[] = [];
  for (const leg of requestedLegs(m)) if (leg.warehouseId === warehouseId) deltas.push(...(leg.bins ?? []));
  return deltas;
}

/**
 * Displayed availability per bin of one (warehouse, product): the pulled bin quantities plus the
 * device's pending bin deltas, each never below zero. Every bin that either names is listed.
 */
export function binsAvailability(
  serverBins: Bins | undefined,
  warehouseId: string,
  productId: string,
  pending: readonly MovementIntent[],
): Map<string, Availability> {
  const deltas = new Map<string, number>();
  for (const m of pending) {
    if (m.productId !== productId) continue;
    for (const { locationId, delta } of pendingBinDeltasAt(m, warehouseId))
      deltas.set(locationId, (deltas.get(locationId) ?? 0) + delta);
  }
  const result = new Map<string, Availability>();
  for (const locationId of new Set([...Object.keys(serverBins ?? {}), ...deltas.keys()])) {
    const serverQty = serverBins?.[locationId] ?? 0;
    const pendingDelta = deltas.get(locationId) ?? 0;
    result.set(locationId, { serverQty, pendingDelta, available: Math.max(0, serverQty + pendingDelta) });
  }
  return result;
}
