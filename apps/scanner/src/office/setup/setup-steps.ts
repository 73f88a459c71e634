/** How far the first setup has come, as the server counts it. */
export interface SetupCounts {
  warehouses: number;
  /** Whether at least one product exists (the list is paged; one is enough to know). */
  hasProducts: boolean;
  /** Users other than the admin doing the setup. */
  otherUsers: number;
}

export type SetupStep = 'warehouse' | 'products' | 'users';

/** The next thing to do, or null when the warehouse is ready for the floor. */
export function nextStep(c: SetupCounts): SetupStep | null {
  if (c.warehouses === 0) return 'warehouse';
  if (!c.hasProducts) return 'products';
  if (c.otherUsers === 0) return 'users';
  return null;
}

export function isDone(step: SetupStep, c: SetupCounts): boolean {
  return step === 'warehouse' ? c.warehouses > 0 : step === 'products' ? c.hasProducts : c.otherUsers > 0;
}
