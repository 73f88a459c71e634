import { randomUUID } from 'node:crypto';
import { thresholdChange } from '@stockline/domain';
import type { Alert } from '@stockline/protocol';

/**
 * What one change of a stock row does to the row's alert (I6), as data each adapter writes its
 * own way: the step from not-low to low raises a new open alert, recovery resolves the row's
 * unresolved one (at most one, by every store's unique index), anything else changes nothing.
 */
export type AlertStep = { kind: 'raise'; alert: Alert } | { kind: 'resolve'; resolvedAt: string } | null;

export function alertStep(
  before: { qty: number; threshold: number },
  after: { warehouseId: string; productId: string; qty: number; threshold: number },
  movementId: string | null,
  now: string,
): AlertStep {
  const change = thresholdChange(before, after);
  if (change === 'fell_below') {
    return {
      kind: 'raise',
      alert: {
        id: randomUUID(),
        warehouseId: after.warehouseId,
        productId: after.productId,
        qty: after.qty,
        threshold: after.threshold,
        status: 'open',
        raisedAt: now,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        movementId,
      },
    };
  }
  if (change === 'recovered') return { kind: 'resolve', resolvedAt: now };
  return null;
}

/** An unresolved alert as a resolve step leaves it. */
export function resolvedAlert(open: Alert, resolvedAt: string): Alert {
  return { ...open, status: 'resolved', resolvedAt };
}
