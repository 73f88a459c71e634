import {
  availability as domainAvailability,
  binsAvailability,
  EMPTY_LEVEL,
  warehousesOf,
  type Bins,
  type StockLevel,
} from '@stockline/domain';
import type { Location, StockRow, Warehouse } from '@stockline/protocol';
import type { Availability, BinAvailability, LocalMovement } from './types';

/** A pulled stock row, with its bins when any bin holds some (protocol 7). */
export type RowWithBins = StockRow & { bins?: Bins | undefined };

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
 * The bins of one row as the device sees them: the pulled bin quantities plus this device's
 * pending bin deltas (the domain's rule), only bins holding some, by code. A bin not pulled yet
 * (its location document still on its way) is shown by its id.
 */
export function binsOfRow(
  row: RowWithBins | undefined,
  warehouseId: string,
  productId: string,
  pending: readonly LocalMovement[],
  locations: ReadonlyMap<string, Pick<Location, 'code'>>,
): BinAvailability[] {
  const bins: BinAvailability[] = [];
  for (const [locationId, a] of binsAvailability(row?.bins, warehouseId, productId, pending)) {
    if (a.available > 0) bins.push({ locationId, code: locations.get(locationId)?.code ?? locationId, ...a });
  }
  return bins.sort((a, b) => a.code.localeCompare(b.code) || (a.locationId < b.locationId ? -1 : 1));
}

/**
 * One entry per warehouse for a product: server quantity plus this device's pending deltas.
 * `rows` and `movements` must be those of `productId`; `locations` names the bins by code.
 */
export function computeAvailability(
  productId: string,
  warehouses: readonly Pick<Warehouse, 'id'>[],
  rows: readonly RowWithBins[],
  movements: readonly LocalMovement[],
  locations: ReadonlyMap<string, Pick<Location, 'code'>> = new Map(),
): Availability[] {
  const pending = movements.filter((m) => m.state === 'pending');
  const levels = freshestLevels(
    rows,
    movements.filter((m) => m.state !== 'pending'),
  );
  const byWarehouse = new Map(rows.map((r) => [r.warehouseId, r]));
  return warehouses.map((w) => {
    const level = levels.get(w.id) ?? EMPTY_LEVEL;
    const a = domainAvailability(level.qty, w.id, productId, pending);
    const touchingRow = pending.filter((m) => warehousesOf(m).includes(w.id));
    const touching = touchingRow.length > 0;
    const row = byWarehouse.get(w.id);
    return {
      warehouseId: w.id,
      productId,
      serverQty: a.serverQty,
      pendingDelta: a.pendingDelta,
      available: a.available,
      threshold: row?.threshold ?? 0,
      version: level.version,
      // Every applied movement moves its row's version by one, so once this device's own queue
      // is through, the row stands at this version unless someone else touched it.
      versionAfterPending: level.version + touchingRow.length,
      pending: touching,
      bins: binsOfRow(row, w.id, productId, pending, locations),
    };
  });
}
