import { useMemo } from 'react';
import { distinctUntilChanged, map } from 'rxjs';
import type { Product, Warehouse } from '@stockline/protocol';
import { hasEverSynced } from '../sync/sync-memory';
import { useReplica } from './replica-context';
import { useObservable } from './use-observable';

const NO_PRODUCTS: Product[] = [];
const NO_WAREHOUSES: Warehouse[] = [];

/**
 * Products and warehouses by id, for showing names next to ids.
 *
 * The catalogue is read only once the first sync is done. Its live query is over every product,
 * and the first sync writes the catalogue in pages: each page written re-ran that query over all
 * products written so far (RxDB re-executes a query when more changes arrive than its change
 * buffer holds), in every component showing names, which made the first sync's cost grow with
 * the square of the catalogue. Until then names are not shown; scans answer from the replica.
 * A replica whose first sync finished in an earlier session (say, reopened offline) already holds
 * its catalogue: names are read at once, so the outbox names every product after a reload.
 */
export function useLookups(): {
  products: Map<string, Product>;
  warehouses: Map<string, Warehouse>;
  warehouseList: Warehouse[];
} {
  const replica = useReplica();
  const catalogueSynced = useObservable(
    () =>
      replica.status$.pipe(
        map((s) => s.initialSyncDone || hasEverSynced(replica.user.id)),
        distinctUntilChanged(),
      ),
    replica.status().initialSyncDone || hasEverSynced(replica.user.id),
    [replica],
  );
  const productList = useObservable(() => (catalogueSynced ? replica.products$() : null), NO_PRODUCTS, [
    replica,
    catalogueSynced,
  ]);
  const warehouseList = useObservable(() => replica.warehouses$(), NO_WAREHOUSES, [replica]);
  return useMemo(
    () => ({
      products: new Map(productList.map((p) => [p.id, p])),
      warehouses: new Map(warehouseList.map((w) => [w.id, w])),
      warehouseList,
    }),
    [productList, warehouseList],
  );
}
