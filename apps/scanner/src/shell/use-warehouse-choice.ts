import { useEffect, useState } from 'react';
import type { Warehouse } from '@stockline/protocol';
import { loadWarehouseChoice, saveWarehouseChoice } from '../session/session-store';

/** The warehouse this device works in: the remembered choice if still allowed, else the first. */
export function useWarehouseChoice(userId: string, warehouses: Warehouse[]): [string | null, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(() => loadWarehouseChoice(userId));
  const valid = chosen !== null && warehouses.some((w) => w.id === chosen);
  const effective = valid ? chosen : (warehouses[0]?.id ?? null);
  useEffect(() => {
    if (effective && effective !== chosen) setChosen(effective);
  }, [effective, chosen]);
  const choose = (id: string) => {
    saveWarehouseChoice(userId, id);
    setChosen(id);
  };
  return [effective, choose];
}
