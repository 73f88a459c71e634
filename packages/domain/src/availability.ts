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
