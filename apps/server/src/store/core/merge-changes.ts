import { stockKey } from '@stockline/domain';
import type { ChangeSet } from './port';

/** Several writes of one transaction as one ChangeSet: a later version of a document replaces an earlier one. */
export function mergeChanges(sets: readonly ChangeSet[]): ChangeSet {
  const latest = <T>(items: T[], key: (item: T) => string) => [
    ...new Map(items.map((item) => [key(item), item])).values(),
  ];
  return {
    products: latest(
      sets.flatMap((s) => s.products),
      (p) => p.id,
    ),
    warehouses: latest(
      sets.flatMap((s) => s.warehouses),
      (w) => w.id,
    ),
    stock: latest(
      sets.flatMap((s) => s.stock),
      (r) => stockKey(r.warehouseId, r.productId),
    ),
    movements: sets.flatMap((s) => s.movements),
    alerts: latest(
      sets.flatMap((s) => s.alerts),
      (a) => a.id,
    ),
    locations: latest(
      sets.flatMap((s) => s.locations ?? []),
      (l) => l.id,
    ),
    checkpoint: { seq: Math.max(0, ...sets.map((s) => s.checkpoint.seq)) },
  };
}
