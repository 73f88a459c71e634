import { signOf, type Leg } from '@stockline/domain';
import type { MovementInput, RejectionReason, Verdict } from '@stockline/protocol';
import type { Scope } from './port';

/** Rules both adapters share, so they cannot drift apart. */

export function inScope(scope: Scope, warehouseId: string): boolean {
  return scope.all || scope.warehouseIds.includes(warehouseId);
}

/** The warehouses a movement names, source first. */
export function warehouseIdsOf(m: MovementInput): string[] {
  return m.type === 'transfer' ? [m.warehouseId, m.toWarehouseId] : [m.warehouseId];
}

/**
 * Refusals decided before any stock is read, in the order the reasons are checked:
 * an unknown product, then an unknown warehouse (either leg), then one outside the caller's scope,
 * then an archived warehouse (either leg) or an archived product (counts still allowed, so a
 * retired item's last stock can be counted out).
 */
export function precheck(
  m: MovementInput,
  scope: Scope,
  known: {
    product: boolean;
    warehouse: (id: string) => boolean;
    productArchived?: boolean;
    warehouseArchived?: (id: string) => boolean;
  },
): RejectionReason | null {
  if (!known.product) return 'unknown_product';
  const warehouses = warehouseIdsOf(m);
  if (!warehouses.every(known.warehouse)) return 'unknown_warehouse';
  if (!warehouses.every((w) => inScope(scope, w))) return 'forbidden_warehouse';
  if (known.warehouseArchived && warehouses.some(known.warehouseArchived)) return 'archived';
  if (known.productArchived && m.type !== 'count') return 'archived';
  return null;
}

export interface Level {
  qty: number;
  version: number;
}

/**
 * A verdict with a fixed key order and no undefined keys, so its stored JSON is byte-stable and
 * a replay hands back exactly what the device saw the first time.
 */
export function makeVerdict(
  m: MovementInput,
  outcome: { status: 'applied'; count?: Verdict['count'] } | { status: 'rejected'; reason: RejectionReason },
  levelAt: (warehouseId: string) => Level,
): Verdict {
  const verdict = { id: m.id, status: outcome.status } as Verdict;
  if (outcome.status === 'rejected') verdict.reason = outcome.reason;
  verdict.stock = pick(levelAt(m.warehouseId));
  if (m.type === 'transfer') verdict.toStock = pick(levelAt(m.toWarehouseId));
  if (outcome.status === 'applied' && outcome.count) {
    const c = outcome.count;
    // `+ 0` turns a -0 (from negating a zero quantity) into 0, so the verdict a device gets
    // first is exactly the one a replay reads back from storage.
    verdict.count = {
      requestedDelta: c.requestedDelta + 0,
      appliedDelta: c.appliedDelta + 0,
      stale: c.stale,
      clamped: c.clamped,
      discrepancy: c.discrepancy + 0,
    };
  }
  return verdict;
}

function pick(level: Level): Level {
  return { qty: level.qty, version: level.version };
}

/**
 * The legs an applied verdict stands for, recomputed from the movement and its verdict.
 * Used to check I3 (qty == sum of applied deltas) from the outside of any adapter.
 */
export function appliedLegs(m: MovementInput, verdict: Verdict): Leg[] {
  if (verdict.status !== 'applied') return [];
  if (m.type === 'count') return [{ warehouseId: m.warehouseId, delta: verdict.count?.appliedDelta ?? 0 }];
  if (m.type === 'transfer') {
    return [
      { warehouseId: m.warehouseId, delta: -m.quantity },
      { warehouseId: m.toWarehouseId, delta: m.quantity },
    ];
  }
  return [{ warehouseId: m.warehouseId, delta: signOf(m.type) * m.quantity }];
}
