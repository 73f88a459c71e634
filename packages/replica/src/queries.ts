import { combineLatest, defer, distinctUntilChanged, from, map, of, startWith, switchMap, type Observable } from 'rxjs';
import type { RxDocument } from 'rxdb';
import { barcodeVariants } from '@stockline/domain';
import type { Alert, Location, Product, StockRow, Warehouse } from '@stockline/protocol';
import type { ReplicaCollections } from './database/create';
import {
  fromProductDoc,
  fromStockDoc,
  toAlertDoc,
  toWarehouseDoc,
  type LocationDoc,
  type MovementDoc,
  type StockDoc,
} from './database/documents';
import { allLocations$, allLocationsNow, binQueries, type BinQueries } from './bin-queries';
import { fixedLocations, type LocationsSource } from './locations-source';
import { computeAvailability } from './availability';
import type { LookupIndex } from './lookup-index';
import { findByCodeIn, findByPackIn, matchesSearch, searchProducts } from './product-search';
import type { Availability, LocalMovement, MovementState, Replica } from './types';

/** What the device can read: live queries over its own database, all of them offline. */
export type ReplicaQueries = Pick<
  Replica,
  | 'products$'
  | 'findByCode'
  | 'searchProducts'
  | 'warehouses$'
  | 'availability$'
  | 'lowStock$'
  | 'stock$'
  | 'movements$'
  | 'movement$'
  | 'alerts$'
> &
  BinQueries & {
    /** Availability of one product as it is now (a count records it as its expectation). */
    availabilityNow(productId: string): Promise<Availability[]>;
  };

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

/**
 * `index`, once it has read the collections, answers the scan path (findByCode, availabilityNow)
 * from memory; the queries below answer the same until then.
 */
export function replicaQueries(
  collections: ReplicaCollections,
  index?: LookupIndex,
  locations: LocationsSource = fixedLocations(collections.locations),
): ReplicaQueries {
  async function allProducts(): Promise<Product[]> {
    const docs = await collections.products.find().exec();
    return docs.map((d) => fromProductDoc(d.toJSON() as never));
  }

  /**
   * The inputs of availability for one product: warehouses, its stock rows, its pending movements,
   * and its most recently answered ones (only those can carry a verdict level newer than the
   * pulled row; older ones lost that race long ago).
   */
  function availabilityInputs(productId: string) {
    return [
      collections.warehouses.find({ sort: [{ name: 'asc' }] }),
      collections.stock.find({ selector: { productId } }),
      collections.movements.find({ selector: { productId, state: 'pending' } }),
      collections.movements.find({
        selector: { productId, state: { $in: ['applied', 'rejected'] } },
        sort: [{ recordedAt: 'desc' }],
        limit: 20,
      }),
    ] as const;
  }

  function toAvailability(
    productId: string,
    [warehouses, rows, pending, answered, bins]: [
      RxDocument<Warehouse>[],
      RxDocument<StockDoc>[],
      RxDocument<MovementDoc>[],
      RxDocument<MovementDoc>[],
      LocationDoc[],
    ],
  ): Availability[] {
    return computeAvailability(
      productId,
      warehouses.map((w) => ({ id: w.id })),
      rows.map((r) => r.toJSON() as StockDoc),
      [...pending, ...answered].map((m) => m.toJSON() as MovementDoc),
      // Only to name the bins by code.
      new Map(bins.map((l) => [l.id, l as Pick<Location, 'code'>])),
    );
  }

  const bins = binQueries(collections, locations);
  return {
    ...bins,
    async findLocationByCode(code: string, warehouseId?: string) {
      if (index?.ready && index.locationsReady) return index.findLocation(code, warehouseId);
      return bins.findLocationByCode(code, warehouseId);
    },
    products$: (search = '') =>
      collections.products
        .find({ sort: [{ name: 'asc' }] })
        .$.pipe(
          map((docs) => docs.map((d) => fromProductDoc(d.toJSON() as never)).filter((p) => matchesSearch(p, search))),
        ),
    async findByCode(code: string) {
      if (index?.ready) return index.findByCode(code);
      const trimmed = code.trim();
      if (!trimmed) return null;
      // Only until the lookup index has read the collections. The indexed lookups answer a
      // barcode or a SKU at once; full passes cover pack barcodes (which come before SKUs) and a
      // SKU typed in another case.
      const byBarcode = await collections.products
        .findOne({ selector: { barcodeKey: { $in: barcodeVariants(trimmed) } } })
        .exec();
      if (byBarcode) return fromProductDoc(byBarcode.toJSON() as never);
      const all = await allProducts();
      const byPack = findByPackIn(all, trimmed);
      if (byPack) return byPack;
      const bySku = await collections.products.findOne({ selector: { sku: trimmed } }).exec();
      if (bySku) return fromProductDoc(bySku.toJSON() as never);
      return findByCodeIn(all, trimmed);
    },
    async searchProducts(search: string, limit = 20) {
      return searchProducts(await allProducts(), search, limit);
    },
    warehouses$: () =>
      collections.warehouses
        .find()
        .$.pipe(map((docs) => docs.map((d) => toWarehouseDoc(d.toJSON() as Warehouse)).sort(byName))),
    availability$(productId: string): Observable<Availability[]> {
      const fromQueries = () => {
        const [w, s, p, a] = availabilityInputs(productId);
        return combineLatest([w.$, s.$, p.$, a.$, allLocations$(locations)]).pipe(
          map((results) => toAvailability(productId, results)),
        );
      };
      if (!index) return fromQueries();
      // Four live queries are four IndexedDB cursors per opened product, re-run on every write
      // to their collections; the index answers from memory once it has read the collections
      // (and goes on answering if it never can).
      return defer(() =>
        index.ready && index.locationsReady
          ? index.availability$(productId)
          : from(index.whenReady()).pipe(
              startWith(false),
              distinctUntilChanged(),
              switchMap((ready) => (ready ? index.availability$(productId) : fromQueries())),
            ),
      );
    },
    async availabilityNow(productId: string): Promise<Availability[]> {
      if (index?.ready && index.locationsReady) return index.availability(productId);
      const [w, s, p, a] = availabilityInputs(productId);
      return toAvailability(
        productId,
        await Promise.all([w.exec(), s.exec(), p.exec(), a.exec(), allLocationsNow(locations)]),
      );
    },
    lowStock$: (warehouseId: string) =>
      collections.stock
        .find({ selector: { warehouseId } })
        .$.pipe(map((docs) => docs.map((d) => fromStockDoc(d.toJSON() as never)).filter((r) => r.qty < r.threshold))),
    stock$: (filterBy = {}): Observable<StockRow[]> =>
      collections.stock
        .find({
          selector: {
            ...(filterBy.warehouseId ? { warehouseId: filterBy.warehouseId } : {}),
            ...(filterBy.productId ? { productId: filterBy.productId } : {}),
          },
          sort: [{ id: 'asc' }],
        })
        .$.pipe(map((docs) => docs.map((d) => fromStockDoc(d.toJSON() as never)))),
    movements$(filterBy = {}): Observable<LocalMovement[]> {
      const states: MovementState[] = filterBy.states ?? ['pending', 'applied', 'rejected'];
      return collections.movements
        .find({
          // Filtered in the query (not after it) so that `limit` counts only what is shown.
          selector: { state: { $in: states }, ...(filterBy.includeDismissed ? {} : { dismissed: false }) },
          sort: [{ recordedAt: 'desc' }],
          ...(filterBy.limit ? { limit: filterBy.limit } : {}),
        })
        .$.pipe(map((docs) => docs.map((d) => d.toJSON() as MovementDoc)));
    },
    movement$(movementId: string): Observable<LocalMovement | null> {
      return collections.movements
        .findOne(movementId)
        .$.pipe(map((doc) => (doc ? (doc.toJSON() as MovementDoc) : null)));
    },
    alerts$(filterBy = {}): Observable<Alert[]> {
      // Clerks have no alerts collection: the server keeps alerts to managers and admins.
      if (!collections.alerts) return of([]);
      return collections.alerts
        .find({ ...(filterBy.status ? { selector: { status: filterBy.status } } : {}), sort: [{ raisedAt: 'desc' }] })
        .$.pipe(map((docs) => docs.map((d) => toAlertDoc(d.toJSON() as Alert))));
    },
  };
}
