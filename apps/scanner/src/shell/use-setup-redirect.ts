import { useEffect } from 'react';
import { map } from 'rxjs';
import type { Replica, ReplicaStatus } from '@stockline/replica';
import { useObservable } from '../replica-hooks/use-observable';

/**
 * Day one: an admin with no warehouse lands on the setup guide instead of an empty floor; only
 * once the first sync is done and the local warehouses have been read (the list starts empty).
 */
export function useSetupRedirect(
  replica: Replica,
  status: ReplicaStatus,
  warehouseCount: number,
  navigate: (to: string, options?: { replace?: boolean }) => void,
): void {
  const warehousesRead = useObservable(() => replica.warehouses$().pipe(map(() => true)), false, [replica]);
  const needsSetup = replica.user.role === 'admin' && status.initialSyncDone && warehousesRead && warehouseCount === 0;
  useEffect(() => {
    if (needsSetup) navigate('/office/setup', { replace: true });
  }, [needsSetup, navigate]);
}
