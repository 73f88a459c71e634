import { useEffect, useRef, useState } from 'react';
import type { Alert } from '@stockline/protocol';
import { notifySystem } from '../platform/notify';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { alertText } from './alert-text';

/**
 * Alerts as they happen (including those raised while this device was offline, once): each
 * becomes an in-app toast and a system notification. Toasts stay until closed or acknowledged.
 */
export function useAlertPopups(enabled: boolean): { toasts: Alert[]; close: (id: string) => void } {
  const replica = useReplica();
  const lookups = useLookups();
  const names = useRef(lookups);
  names.current = lookups;
  const [toasts, setToasts] = useState<Alert[]>([]);

  useEffect(() => {
    if (!enabled) return;
    const sub = replica.newAlerts$.subscribe((alert) => {
      // One pop-up per (warehouse, product): a newer alert for the same row replaces the older.
      const sameRow = (a: Alert) => a.warehouseId === alert.warehouseId && a.productId === alert.productId;
      setToasts((list) =>
        list.some((a) => a.id === alert.id) ? list : [alert, ...list.filter((a) => !sameRow(a))].slice(0, 5),
      );
      const { title, body } = alertText(
        alert,
        names.current.products.get(alert.productId),
        names.current.warehouses.get(alert.warehouseId),
      );
      notifySystem(title, body);
    });
    return () => sub.unsubscribe();
  }, [replica, enabled]);

  return { toasts, close: (id) => setToasts((list) => list.filter((a) => a.id !== id)) };
}
