import type { RxChangeEventBulk, RxCollection, RxDocument } from 'rxdb';
import { Subject, defer, filter, map, startWith, type Observable, type Subscription } from 'rxjs';
import { barcodeVariants } from '@stockline/domain';
import type { Location, Product } from '@stockline/protocol';
import { computeAvailability } from './availability';
import { locationForCode } from './bin-queries';
import type { ReplicaCollections } from './database/create';
import {
  fromLocationDoc,
  fromProductDoc,
  type LocationDoc,
  type MovementDoc,
  type ProductDoc,
  type StockDoc,
  type WarehouseDoc,
} from './database/documents';
import type { Availability } from './types';

/** How many answered movements of a product availability looks at (as the live query does). */
export const ANSWERED_CONSIDERED = 20;

/** Several ids under one key (two products may share a SKU spelling); the smallest id wins a lookup. */
class MultiMap {
  private readonly map = new Map<string, Set<string>>();
  add(key: string, id: string): void {
    let ids = this.map.get(key);
    if (!ids) this.map.set(key, (ids = new Set()));
    ids.add(id);
  }
  delete(key: string, id: string): void {
    const ids = this.map.get(key);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.map.delete(key);
  }
  all(key: string): ReadonlySet<string> {
    return this.map.get(key) ?? EMPTY;
  }
  first(key: string): string | undefined {
    let min: string | undefined;
    for (const id of this.all(key)) if (min === undefined || id < min) min = id;
    return min;
  }
}
const EMPTY: ReadonlySet<string> = new Set();

/** A stored document without RxDB's bookkeeping fields: what the queries' toJSON() gives. */
function plain<T>(data: Record<string, unknown>): T {
  const { _rev, _meta, _attachments, _deleted, ...doc } = data;
  return doc as T;
}

/**
 * One collection held in memory, kept current from the collection's own change events. The
 * events are subscribed to before the collection is read, and those that arrive meanwhile are
 * replayed after it in order, so every document ends at the state of its last write.
 */
class Mirror<T> {
  readonly docs = new Map<string, T>();
  private pending: { id: string; data: Record<string, unknown> }[] | null = [];
  private readonly subscription: Subscription;
  readonly loaded: Promise<void>;

  /**
   * `changed` is called per document, `settled` once a bulk of writes (or the first read) has
   * been applied, so a reader recomputes once per write rather than per document in it.
   */
  constructor(
    collection: RxCollection<any>,
    private readonly changed: (id: string, before: T | undefined, after: T | undefined) => void,
    settled: () => void,
  ) {
    this.subscription = collection.eventBulks$.subscribe((bulk: RxChangeEventBulk<any>) => {
      for (const event of bulk.events) {
        const change = { id: event.documentId, data: event.documentData as Record<string, unknown> };
        if (this.pending) this.pending.push(change);
        else this.apply(change.id, change.data);
      }
      if (!this.pending) settled();
    });
    this.loaded = collection
      .find()
      .exec()
      .then((found: RxDocument<unknown>[]) => {
        for (const doc of found) this.apply(doc.primary, doc.toJSON(true));
        for (const change of this.pending ?? []) this.apply(change.id, change.data);
        this.pending = null;
        settled();
      });
  }

  private apply(id: string, data: Record<string, unknown>): void {
    const before = this.docs.get(id);
    if (data._deleted) {
      if (!before) return;
      this.docs.delete(id);
      this.changed(id, before, undefined);
      return;
    }
    const after = plain<T>(data);
    this.docs.set(id, after);
    this.changed(id, before, after);
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}

/**
 * The scan path's read model: products by barcode and SKU, stock rows and movements by product,
 * and the warehouses, all in memory and kept current from the collections' change events. A
 * scan is answered from maps instead of an IndexedDB query per lookup (each query there is a
 * transaction and a cursor round trip). It answers exactly as the queries over the collections
 * would (lookup-index.test.ts holds it to that); until it has read the collections once,
 * `ready` is false and the queries answer instead.
 */
export class LookupIndex {
  private readonly byBarcode = new MultiMap();
  private readonly byPack = new MultiMap();
  private readonly bySku = new MultiMap();
  private readonly bySkuFolded = new MultiMap();
  private readonly stockByProduct = new MultiMap();
  private readonly movementsByProduct = new MultiMap();
  private readonly locationsByBarcode = new MultiMap();
  private readonly locationsByCode = new MultiMap();
  private readonly products: Mirror<ProductDoc>;
  private readonly warehouses: Mirror<WarehouseDoc>;
  private readonly stock: Mirror<StockDoc>;
  private readonly movements: Mirror<MovementDoc>;
  /** Attached once the locations collection is open (attachLocations). */
  private locations: Mirror<LocationDoc> | null = null;
  private locationsLoaded = true;
  private isReady = false;
  /** Resolves once every collection was read (rejects if one could not be). */
  readonly loaded: Promise<void>;
  /** The products whose availability inputs the writes applied since the last settle touched. */
  private touched = new Set<string>();
  /** Set when a warehouse or a bin changed: every product's availability may read differently. */
  private touchedAll = false;
  private readonly touches = new Subject<{ all: boolean; products: ReadonlySet<string> }>();

  constructor(collections: Pick<ReplicaCollections, 'products' | 'warehouses' | 'stock' | 'movements' | 'locations'>) {
    if (collections.locations) void this.attachLocations(collections.locations);
    const settled = () => this.settle();
    this.products = new Mirror<ProductDoc>(
      collections.products,
      (id, before, after) => {
        if (before) {
          if (before.barcodeKey) this.byBarcode.delete(before.barcodeKey, id);
          for (const pack of before.packs) this.byPack.delete(pack.barcode, id);
          this.bySku.delete(before.sku, id);
          this.bySkuFolded.delete(before.sku.toLowerCase(), id);
        }
        if (after) {
          if (after.barcodeKey) this.byBarcode.add(after.barcodeKey, id);
          for (const pack of after.packs) this.byPack.add(pack.barcode, id);
          this.bySku.add(after.sku, id);
          this.bySkuFolded.add(after.sku.toLowerCase(), id);
        }
      },
      settled,
    );
    this.warehouses = new Mirror<WarehouseDoc>(
      collections.warehouses,
      () => {
        this.touchedAll = true;
      },
      settled,
    );
    // Stock rows and movements: found by product, and a change to one touches its product's availability.
    const byProduct =
      (map: MultiMap) =>
      (id: string, before: { productId: string } | undefined, after: { productId: string } | undefined) => {
        if (before) map.delete(before.productId, id);
        if (after) map.add(after.productId, id);
        this.touch(before?.productId, after?.productId);
      };
    this.stock = new Mirror<StockDoc>(collections.stock, byProduct(this.stockByProduct), settled);
    this.movements = new Mirror<MovementDoc>(collections.movements, byProduct(this.movementsByProduct), settled);
    this.loaded = Promise.all([
      this.locations?.loaded,
      this.products.loaded,
      this.warehouses.loaded,
      this.stock.loaded,
      this.movements.loaded,
    ]).then(() => {
      this.isReady = true;
    });
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** True once availability and bins answer from memory; false if a collection could not be read. */
  async whenReady(): Promise<boolean> {
    try {
      await this.loaded;
      // Attached after the constructor: read on its own.
      if (this.locations) await this.locations.loaded;
      return this.locationsLoaded;
    } catch {
      return false;
    }
  }

  /** False from the moment a locations collection is attached until it has been read. */
  get locationsReady(): boolean {
    return this.locationsLoaded;
  }

  /** Keeps the locations in memory too, from now on (the collection opens when bins appear). */
  attachLocations(collection: RxCollection<LocationDoc>): Promise<void> {
    if (this.locations) return this.locations.loaded;
    this.locationsLoaded = false;
    this.locations = new Mirror<LocationDoc>(
      collection,
      (id, before, after) => {
        if (before) {
          if (before.barcodeKey) this.locationsByBarcode.delete(before.barcodeKey, id);
          this.locationsByCode.delete(before.codeKey, id);
        }
        if (after) {
          if (after.barcodeKey) this.locationsByBarcode.add(after.barcodeKey, id);
          this.locationsByCode.add(after.codeKey, id);
        }
        // Availability names bins by their codes.
        this.touchedAll = true;
      },
      () => this.settle(),
    );
    // If it cannot be read, the queries keep answering (locationsReady stays false).
    return this.locations.loaded.then(
      () => {
        this.locationsLoaded = true;
      },
      () => undefined,
    );
  }

  /**
   * Barcode (either UPC/EAN spelling), then a pack's barcode (the caller reads which pack with the
   * domain's packScanned), then SKU, then SKU ignoring case (the smallest id among several).
   */
  findByCode(code: string): Product | null {
    const trimmed = code.trim();
    if (!trimmed) return null;
    let id: string | undefined;
    // Both spellings stored as two products: the query's index order (barcode, then id) decides.
    const variants = barcodeVariants(trimmed).sort(compare);
    for (const variant of variants) {
      id = this.byBarcode.first(variant);
      if (id !== undefined) break;
    }
    for (const variant of variants) {
      if (id !== undefined) break;
      id = this.byPack.first(variant);
    }
    id ??= this.bySku.first(trimmed) ?? this.bySkuFolded.first(trimmed.toLowerCase());
    const doc = id === undefined ? undefined : this.products.docs.get(id);
    return doc ? fromProductDoc(doc) : null;
  }

  /** What availability$ emits for the product, computed from the same inputs held in memory. */
  availability(productId: string): Availability[] {
    const warehouses = [...this.warehouses.docs.values()].sort(
      (a, b) => compare(a.name, b.name) || compare(a.id, b.id),
    );
    const rows: StockDoc[] = [];
    for (const id of this.stockByProduct.all(productId)) {
      const row = this.stock.docs.get(id);
      if (row) rows.push(row);
    }
    const pending: MovementDoc[] = [];
    const answered: MovementDoc[] = [];
    for (const id of this.movementsByProduct.all(productId)) {
      const m = this.movements.docs.get(id);
      if (!m) continue;
      if (m.state === 'pending') pending.push(m);
      else answered.push(m);
    }
    answered.sort((a, b) => compare(b.recordedAt, a.recordedAt) || compare(a.id, b.id));
    return computeAvailability(
      productId,
      warehouses,
      rows,
      [...pending, ...answered.slice(0, ANSWERED_CONSIDERED)],
      this.locations?.docs ?? new Map(),
    );
  }

  /**
   * What availability(productId) gives, again after every write that changes it: the live
   * query's answer from memory, current by the time the write has resolved.
   */
  availability$(productId: string): Observable<Availability[]> {
    return defer(() =>
      this.touches.pipe(
        filter((t) => t.all || t.products.has(productId)),
        startWith(null),
        map(() => this.availability(productId)),
      ),
    );
  }

  private touch(...productIds: (string | undefined)[]): void {
    for (const id of productIds) if (id !== undefined) this.touched.add(id);
  }

  private settle(): void {
    if (!this.touchedAll && this.touched.size === 0) return;
    const products = this.touched;
    const all = this.touchedAll;
    this.touched = new Set();
    this.touchedAll = false;
    this.touches.next({ all, products });
  }

  /** What findLocationByCode answers, from the locations held in memory. */
  findLocation(code: string, warehouseId?: string): Location | null {
    const trimmed = code.trim();
    if (!trimmed) return null;
    const ids = new Set([...this.locationsByBarcode.all(trimmed), ...this.locationsByCode.all(trimmed.toLowerCase())]);
    const candidates: Location[] = [];
    for (const id of ids) {
      const doc = this.locations?.docs.get(id);
      if (doc) candidates.push(fromLocationDoc(doc));
    }
    return locationForCode(candidates, trimmed, warehouseId);
  }

  stop(): void {
    this.touches.complete();
    for (const mirror of [this.products, this.warehouses, this.stock, this.movements, this.locations]) mirror?.stop();
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
