import { userStorage } from '../storage/app-storage';

/**
 * The bin a user works at, kept per user on the device so a reload (or a flat battery) keeps
 * it. It belongs to one warehouse: read for another, there is none, and choosing another
 * warehouse forgets it (the next scan of a bin sets it again).
 */
export function readCurrentBin(userId: string, warehouseId: string): string | null {
  const stored = userStorage(userId).read('currentBin');
  if (!stored || typeof stored !== 'object') return null;
  return stored.warehouseId === warehouseId && typeof stored.locationId === 'string' ? stored.locationId : null;
}

export function writeCurrentBin(userId: string, warehouseId: string, locationId: string): void {
  userStorage(userId).write('currentBin', { warehouseId, locationId });
}

export function forgetCurrentBin(userId: string): void {
  userStorage(userId).remove('currentBin');
}
