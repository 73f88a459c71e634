import { randomUUID } from 'node:crypto';
import type {
  CreateProductRequest,
  CreateWarehouseRequest,
  Product,
  ProductPage,
  ProductQuery,
  UpdateProductRequest,
  UpdateWarehouseRequest,
  Warehouse,
} from '@stockline/protocol';
import { DuplicateKeyError, type Store, type UserRecord } from '../store/core/port';
import type { ChangeFeed } from './change-feed';
import { AppError, notFound } from './errors';
import { scopeOf } from './scope';

/** Warehouses and products: created by admins/managers, read by everyone (warehouses in scope). */
export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
  ) {}

  async createWarehouse(input: CreateWarehouseRequest): Promise<Warehouse> {
    try {
      // Codes are one warehouse regardless of case (`main` is `MAIN`); warehouses are few.
      const code = input.code.toLowerCase();
      if ((await this.store.listWarehouses({ all: true })).some((w) => w.code.toLowerCase() === code))
        throw new DuplicateKeyError('code');
      const { warehouse, changes } = await this.store.createWarehouse({ ...input, id: randomUUID(), now: this.now() });
      this.feed.publish(changes);
      return warehouse;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  async updateWarehouse(id: string, input: UpdateWarehouseRequest): Promise<Warehouse> {
    const result = await this.store.updateWarehouse({
      id,
      name: input.name,
      archived: input.archived,
      now: this.now(),
    });
    if (!result) throw notFound('warehouse');
    this.feed.publish(result.changes);
    return result.warehouse;
  }

  listWarehouses(user: UserRecord): Promise<Warehouse[]> {
    return this.store.listWarehouses(scopeOf(user));
  }

  async createProduct(input: CreateProductRequest): Promise<Product> {
    try {
      await this.assertSkuFree(input.sku, null);
      await this.assertNoLocationHas(input);
      const { product, changes } = await this.store.createProduct({ ...input, id: randomUUID(), now: this.now() });
      this.feed.publish(changes);
      return product;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  async getProduct(id: string): Promise<Product> {
    const product = await this.store.getProduct(id);
    if (!product) throw notFound('product');
    return product;
  }

  /** Edits flow to replicas like any change: the product gets a new seq and is published. */
  async updateProduct(id: string, input: UpdateProductRequest): Promise<Product> {
    try {
      if (input.sku !== undefined) await this.assertSkuFree(input.sku, id);
      await this.assertNoLocationHas(input);
      const result = await this.store.updateProduct({ id, patch: input, now: this.now() });
      if (!result) throw notFound('product');
      this.feed.publish(result.changes);
      return result.product;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  /**
   * SKUs are one product regardless of case, as imports and look-ups treat them. The database's
   * unique key is exact, so this check comes first (a race between two spellings in the same
   * moment is the one gap it leaves).
   */
  private async assertSkuFree(sku: string, ownId: string | null): Promise<void> {
    const holders = await this.store.findProductsByKeys({ skus: [sku], barcodes: [] });
    if (holders.some((p) => p.id !== ownId)) throw new DuplicateKeyError('sku');
  }

  /**
   * A barcode names one thing: a product's or its packs' may not be a location's (bin labels are scanned on the
   * same floor). Checked before the write, like the SKU above, with the same one gap.
   */
  private async assertNoLocationHas(input: {
    barcode?: string | null | undefined;
    packs?: ReadonlyArray<{ barcode: string }> | undefined;
  }): Promise<void> {
    if (input.barcode && (await this.store.findLocationByBarcode(input.barcode)))
      throw new DuplicateKeyError('barcode');
    for (const pack of input.packs ?? [])
      if (await this.store.findLocationByBarcode(pack.barcode)) throw new DuplicateKeyError('packs', pack.barcode);
  }

  /** Every product, page by page in list order (exports). */
  async *allProducts(): AsyncGenerator<Product> {
    let cursor: string | undefined;
    do {
      const page = await this.store.findProducts({ cursor, limit: 1000 });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  findProducts(query: ProductQuery): Promise<ProductPage> {
    return this.store.findProducts({
      q: query.q,
      barcode: query.barcode,
      archived: query.archived === 'all' ? undefined : query.archived === 'true',
      cursor: query.cursor,
      limit: query.limit,
    });
  }
}

function conflict(error: unknown, input: object): unknown {
  if (!(error instanceof DuplicateKeyError)) return error;
  const value = error.value ?? (input as Record<string, unknown>)[error.field];
  // A pack's barcode clashes like any barcode: with a product's barcode or another pack.
  const what = error.field === 'packs' ? 'barcode' : error.field;
  return new AppError('conflict', `${what} ${JSON.stringify(value)} already exists`, {
    field: error.field,
    ...(error.value === undefined ? {} : { value: error.value }),
  });
}
