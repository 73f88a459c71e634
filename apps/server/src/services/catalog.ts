import { randomUUID } from 'node:crypto';
import type { CreateProductRequest, CreateWarehouseRequest, Product, ProductQuery, Warehouse } from '@stockline/protocol';
import { DuplicateKeyError, type Store, type UserRecord } from '../store/port';
import type { ChangeFeed } from './change-feed';
import { AppError, notFound } from './errors';
import { scopeOf } from './scope';

const PRODUCT_PAGE = 200;

/** Warehouses and products: created by admins/managers, read by everyone (warehouses in scope). */
export class CatalogService {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
  ) {}

  async createWarehouse(input: CreateWarehouseRequest): Promise<Warehouse> {
    try {
      const { warehouse, changes } = await this.store.createWarehouse({ ...input, id: randomUUID(), now: this.now() });
      this.feed.publish(changes);
      return warehouse;
    } catch (error) {
      throw conflict(error, input);
    }
  }

  listWarehouses(user: UserRecord): Promise<Warehouse[]> {
    return this.store.listWarehouses(scopeOf(user));
  }

  async createProduct(input: CreateProductRequest): Promise<Product> {
    try {
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

  findProducts(query: ProductQuery): Promise<Product[]> {
    return this.store.findProducts({ q: query.q, barcode: query.barcode, limit: PRODUCT_PAGE });
  }
}

function conflict(error: unknown, input: object): unknown {
  if (!(error instanceof DuplicateKeyError)) return error;
  const value = (input as Record<string, unknown>)[error.field];
  return new AppError('conflict', `${error.field} ${JSON.stringify(value)} already exists`, { field: error.field });
}
