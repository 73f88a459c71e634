import { useState } from 'react';
import type { Warehouse } from '@stockline/protocol';
import { loadWarehouseChoice, saveWarehouseChoice } from '../session/session-store';

/**
 * The warehouse this device works in for a user: the one they last chose (kept across reloads)
 * while it is still allowed, else the first. A list that is still arriving (say, while the
 * replica reads it after a reload) shows the first for a moment but never replaces the choice.
 */
export function useWarehouseChoice(userId: string, warehouses: Warehouse[]): [string | null, (id: string) => void] {
  const [chosen, setChosen] = useState<string | null>(() => loadWarehouseChoice(userId));
  const valid = chosen !== null && warehouses.some((w) => w.id === chosen);
  const effective = valid ? chosen : (warehouses[0]?.id ?? null);
  const choose = (id: string) => {
    saveWarehouseChoice(userId, id);
    setChosen(id);
  };
  return [effective, choose];
}
