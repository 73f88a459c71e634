import { useMemo } from 'react';
import type { Product, Warehouse } from '@stockline/protocol';
import { useReplica } from './replica-context';
import { useObservable } from './use-observable';

/** Products and warehouses by id, for showing names next to ids. */
export function useLookups(): { products: Map<string, Product>; warehouses: Map<string, Warehouse>; warehouseList: Warehouse[] } {
  const replica = useReplica();
  const productList = useObservable(() => replica.products$(), [] as Product[], [replica]);
  const warehouseList = useObservable(() => replica.warehouses$(), [] as Warehouse[], [replica]);
  return useMemo(
    () => ({
      products: new Map(productList.map((p) => [p.id, p])),
      warehouses: new Map(warehouseList.map((w) => [w.id, w])),
      warehouseList,
    }),
    [productList, warehouseList],
  );
}
