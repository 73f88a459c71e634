import * as review from './review';
import type { SyncCollection } from '@stockline/protocol';
import { MongoClient } from 'mongodb';
import type { ApplyResult, MovementBatch, PullPage, PullRequestFor, Store } from '../port';
import { applyBatch } from './apply';
import * as catalog from './catalog';
import { collectionsOf, type Collections } from './documents';
import { ensureIndexes } from './indexes';
import { listMovements, pull } from './reads';
import { rekeyStock } from './rekey-stock';
import * as stock from './stock-alerts';

/**
 * The production store on a MongoDB replica set (transactions need one; a single member is
 * enough for development). Thin on purpose: the same rules as the SQLite adapter, decided by
 * the same shared functions, and held to the same conformance suite.
 */
export class MongoStore implements Store {
  readonly kind = 'mongodb' as const;
  /** The tail of this process's queue of write transactions. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: MongoClient,
    private readonly collections: Collections,
  ) {}

  /**
   * Runs this process's write transactions one at a time. They all write the sequence counter,
   * so concurrent ones would only abort each other with write conflicts and retry; queueing them
   * here leaves conflicts (and withTransaction's retries) to writers in other server processes.
   */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  async ping(): Promise<boolean> {
    try {
      const reply = await this.client.db('admin').command({ ping: 1 });
      return reply.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async countUsers() {
    return this.collections.users.countDocuments();
  }
  async createUser(user: Parameters<Store['createUser']>[0]) {
    return catalog.createUser(this.collections, user);
  }
  async findUserByUsername(username: string) {
    return catalog.findUser(this.collections, { username });
  }
  async findUserById(id: string) {
    return catalog.findUser(this.collections, { _id: id });
  }
  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return catalog.updateUser(this.collections, input);
  }
  async listUsers() {
    return catalog.listUsers(this.collections);
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.serial(() => catalog.createWarehouse(this.client, this.collections, input));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return catalog.listWarehouses(this.collections, scope);
  }
  async getWarehouse(id: string) {
    return catalog.getWarehouse(this.collections, id);
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.serial(() => catalog.createProduct(this.client, this.collections, input));
  }
  async getProduct(id: string) {
    return catalog.getProduct(this.collections, id);
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return catalog.findProducts(this.collections, query);
  }

  async getStock(warehouseId: string, productId: string) {
    return stock.getStock(this.collections, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return stock.listStock(this.collections, query);
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.serial(() => stock.setThreshold(this.client, this.collections, input));
  }

  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    return this.serial(() => applyBatch(this.client, this.collections, batch));
  }
  async listMovements(request: Parameters<Store['listMovements']>[0]) {
    return listMovements(this.collections, request);
  }

  async listAlerts(query: Parameters<Store['listAlerts']>[0]) {
    return stock.listAlerts(this.collections, query);
  }
  async getAlert(id: string) {
    return stock.getAlert(this.collections, id);
  }
  async acknowledgeAlert(input: Parameters<Store['acknowledgeAlert']>[0]) {
    return this.serial(() => stock.acknowledgeAlert(this.client, this.collections, input));
  }

  async listReview(query: Parameters<Store['listReview']>[0]) {
    return review.listReview(this.collections, query);
  }
  async decideReview(input: Parameters<Store['decideReview']>[0]) {
    return review.decideReview(this.collections, input);
  }

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pull(this.client, this.collections, collection, request);
  }
}

/**
 * Connects, creates the indexes and the sequence counter, and returns the store. Plain reads use
 * majority read concern and every write majority write concern, so nothing a client was told
 * can be rolled back by a failover.
 */
export async function openMongoStore(uri: string, dbName: string): Promise<MongoStore> {
  const client = new MongoClient(uri, {
    readConcern: { level: 'majority' },
    writeConcern: { w: 'majority' },
    retryWrites: true,
    retryReads: true,
  });
  await client.connect();
  try {
    const collections = collectionsOf(client.db(dbName));
    await ensureIndexes(collections);
    await rekeyStock(client, collections);
    return new MongoStore(client, collections);
  } catch (error) {
    await client.close();
    throw error;
  }
}
