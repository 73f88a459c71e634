import { combineLatest, map, of, switchMap, type Observable } from 'rxjs';
import { binsAvailability } from '@stockline/domain';
import type { Location } from '@stockline/protocol';
import type { ReplicaCollections } from './database/create';
import { fromLocationDoc, type LocationDoc, type MovementDoc, type StockDoc } from './database/documents';
import type { LocationsSource } from './locations-source';
import type { BinContent, LocalMovement, Replica } from './types';

/** What the device can read about locations (bins): live queries over its own database, offline. */
export type BinQueries = Pick<Replica, 'locations$' | 'findLocationByCode' | 'binContents$'>;

function byCode(a: Location, b: Location): number {
  return a.code.localeCompare(b.code) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The location a scanned code names among `candidates`: its barcode exactly, else its code ignoring
 * case, in `warehouseId` first (a code is unique per warehouse only), then the smallest id.
 */
export function locationForCode(candidates: readonly Location[], code: string, warehouseId?: string): Location | null {
  const trimmed = code.trim();
  if (!trimmed) return null;
  const byBarcode = candidates.find((l) => l.barcode === trimmed);
  if (byBarcode) return byBarcode;
  const folded = trimmed.toLowerCase();
  const matches = candidates
    .filter((l) => l.code.toLowerCase() === folded)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return matches.find((l) => l.warehouseId === warehouseId) ?? matches[0] ?? null;
}

/**
 * What the device expects in one bin: for every product the pulled rows put there or a pending
 * movement moves into or out of it, the bin's quantity with pending deltas (the domain's rule),
 * only those above zero, by product id.
 */
export function binContentsOf(
  rows: readonly Pick<StockDoc, 'productId' | 'bins'>[],
  pending: readonly LocalMovement[],
  warehouseId: string,
  locationId: string,
): BinContent[] {
  const rowOf = new Map(rows.map((r) => [r.productId, r]));
  const products = new Set<string>();
  for (const r of rows) if (r.bins?.[locationId] !== undefined) products.add(r.productId);
  for (const m of pending) products.add(m.productId);
  const contents: BinContent[] = [];
  for (const productId of products) {
    const here = binsAvailability(rowOf.get(productId)?.bins, warehouseId, productId, pending).get(locationId);
    if (here && here.available > 0) contents.push({ productId, expectedQty: here.available });
  }
  return contents.sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
}

/** Every stored location, as the queries of a collection that may open later read them. */
export function allLocations$(source: LocationsSource): Observable<LocationDoc[]> {
  return source.collection$.pipe(
    switchMap((c) => (c ? c.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as LocationDoc))) : of([]))),
  );
}

export async function allLocationsNow(source: LocationsSource): Promise<LocationDoc[]> {
  return ((await source.current?.find().exec()) ?? []).map((d) => d.toJSON() as LocationDoc);
}

export function binQueries(
  collections: Pick<ReplicaCollections, 'stock' | 'movements'>,
  locations: LocationsSource,
): BinQueries {
  return {
    locations$: (warehouseId: string): Observable<Location[]> =>
      locations.collection$.pipe(
        switchMap((c) => (c ? c.find({ selector: { warehouseId } }).$ : of([]))),
        map((docs) => docs.map((d) => fromLocationDoc(d.toJSON() as LocationDoc)).sort(byCode)),
      ),
    async findLocationByCode(code: string, warehouseId?: string) {
      const trimmed = code.trim();
      const collection = locations.current;
      if (!trimmed || !collection) return null;
      // Both lookups use an index: the barcode key, then the lower-cased code.
      const docs = await collection
        .find({ selector: { $or: [{ barcodeKey: trimmed }, { codeKey: trimmed.toLowerCase() }] } })
        .exec();
      return locationForCode(
        docs.map((d) => fromLocationDoc(d.toJSON() as LocationDoc)),
        trimmed,
        warehouseId,
      );
    },
    binContents$: (warehouseId: string, locationId: string): Observable<BinContent[]> =>
      combineLatest([
        collections.stock.find({ selector: { warehouseId } }).$,
        // A transfer into this warehouse is recorded under its source: every pending movement is read.
        collections.movements.find({ selector: { state: 'pending' } }).$,
      ]).pipe(
        map(([rows, pending]) =>
          binContentsOf(
            rows.map((r) => r.toJSON() as StockDoc),
            pending.map((m) => m.toJSON() as MovementDoc),
            warehouseId,
            locationId,
          ),
        ),
      ),
  };
}
