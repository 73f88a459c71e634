import type { Availability } from '@stockline/replica';

/**
 * What the device expects of a product in the warehouse, or in one bin of it (none in a bin
 * that does not hold it).
 */
export function expectedIn(rows: Availability[], warehouseId: string, locationId?: string): number | undefined {
  const row = rows.find((r) => r.warehouseId === warehouseId);
  if (locationId === undefined) return row?.available;
  return row?.bins.find((b) => b.locationId === locationId)?.available ?? 0;
}
