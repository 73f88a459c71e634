import type { User, Warehouse } from '@stockline/protocol';
import { useLookups } from '../replica-hooks/use-lookups';
import { useWarehouseChoice } from './use-warehouse-choice';

export interface WorkWarehouses {
  /** Every warehouse on the device, archived ones included (the setup check reads it). */
  all: Warehouse[];
  /** The ones this user may work in. */
  mine: Warehouse[];
  warehouseId: string | null;
  choose: (id: string) => void;
}

/**
 * Admins work anywhere; everyone else picks among the warehouses they are assigned to. An
 * archived warehouse takes no movements, so the floor is not offered it.
 */
export function useWorkWarehouses(user: User): WorkWarehouses {
  const { warehouseList } = useLookups();
  const live = warehouseList.filter((w) => !w.archived);
  const mine = user.role === 'admin' ? live : live.filter((w) => user.warehouseIds.includes(w.id));
  const [warehouseId, choose] = useWarehouseChoice(user.id, mine);
  return { all: warehouseList, mine, warehouseId, choose };
}
