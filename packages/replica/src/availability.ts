import { availability as domainAvailability, EMPTY_LEVEL, warehousesOf, type StockLevel } from '@stockline/domain';
import type { StockRow, Warehouse } from '@stockline/protocol';
import type { Availability, LocalMovement } from './types';

/**
 * The freshest server level known for each warehouse row of one product: the pulled stock row,
 * or a verdict's level when it carries a newer version (the verdict can land before the stock
 * row's own update, and the display must not jump back meanwhile).
 */
export function freshestLevels(rows: readonly StockRow[], answered: readonly LocalMovement[]): Map<string, StockLevel> {
  const levels = new Map<string, StockLevel>();
  const offer = (warehouseId: string, level: StockLevel | undefined) => {
    if (!level) return;
    const known = levels.get(warehouseId);
    if (!known || level.version > known.version) levels.set(warehouseId, { qty: level.qty, version: level.version });
  };
  for (const row of rows) offer(row.warehouseId, row);
  for (const m of answered) {
    if (!m.verdict) continue;
    offer(m.warehouseId, m.verdict.stock);
    if (m.type === 'transfer') offer(m.toWarehouseId, m.verdict.toStock);
  }
  return levels;
}

/**
 * One entry per warehouse for a product: server quantity plus this device's pending deltas.
 * `rows` and `movements` must be those of `productId`.
 */
export function computeAvailability(
  productId: string,
  warehouses: readonly Pick<Warehouse, 'id'>[],
  rows: readonly StockRow[],
  movements: readonly LocalMovement[],
): Availability[] {
  const pending = movements.filter((m) => m.state === 'pending');
  const levels = freshestLevels(
    rows,
    movements.filter((m) => m.state !== 'pending'),
  );
  const thresholds = new Map(rows.map((r) => [r.warehouseId, r.threshold]));
  return warehouses.map((w) => {
    const level = levels.get(w.id) ?? EMPTY_LEVEL;
    const a = domainAvailability(level.qty, w.id, productId, pending);
    const touchingRow = pending.filter((m) => warehousesOf(m).includes(w.id));
    const touching = touchingRow.length > 0;
    return {
      warehouseId: w.id,
      productId,
      serverQty: a.serverQty,
      pendingDelta: a.pendingDelta,
      available: a.available,
      threshold: thresholds.get(w.id) ?? 0,
      version: level.version,
      // Every applied movement moves its row's version by one, so once this device's own queue
      // is through, the row stands at this version unless someone else touched it.
      versionAfterPending: level.version + touchingRow.length,
      pending: touching,
    };
  });
}
