import type { SyncCollection } from '@stockline/protocol';
import { MongoClient } from 'mongodb';
import type { ApplyResult, MovementBatch, PullPage, PullRequestFor, Store } from '../port';
import { applyBatch } from './apply';
import * as catalog from './catalog';
import { collections, type Collections } from './documents';
import { ensureIndexes, ensureValidators, readEpoch } from './indexes';
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
  /** Write transactions in flight, so close() can wait for them. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private epochValue: string | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly c: Collections,
  ) {}

  /**
   * Runs a write transaction and remembers it until it settles. Writes are not queued: concurrent
   * transactions in this process conflict on the sequence counter exactly like writers in other
   * processes, and withTransaction retries the loser (transaction.ts). Queueing them here would
   * hide that path from every test that runs in one process.
   */
  private tracked<T>(fn: () => Promise<T>): Promise<T> {
    const run = fn();
    this.inFlight.add(run);
    const forget = () => this.inFlight.delete(run);
    run.then(forget, forget);
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

  /** Waits for the writes already started (their verdicts may be on their way to a device). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.client.close();
  }

  async epoch(): Promise<string> {
    this.epochValue ??= await readEpoch(this.c);
    return this.epochValue;
  }

  async countUsers() {
    return this.c.users.countDocuments();
  }
  async createUser(user: Parameters<Store['createUser']>[0]) {
    return this.tracked(() => catalog.createUser(this.c, user));
  }
  async findUserByUsername(username: string) {
    return catalog.findUser(this.c, { username });
  }
  async findUserById(id: string) {
    return catalog.findUser(this.c, { _id: id });
  }
  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.tracked(() => catalog.updateUser(this.c, input));
  }
  async listUsers() {
    return catalog.listUsers(this.c);
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.tracked(() => catalog.createWarehouse(this.client, this.c, input));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return catalog.listWarehouses(this.c, scope);
  }
  async getWarehouse(id: string) {
    return catalog.getWarehouse(this.c, id);
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.tracked(() => catalog.createProduct(this.client, this.c, input));
  }
  async getProduct(id: string) {
    return catalog.getProduct(this.c, id);
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return catalog.findProducts(this.c, query);
  }

  async getStock(warehouseId: string, productId: string) {
    return stock.getStock(this.c, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return stock.listStock(this.c, query);
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.tracked(() => stock.setThreshold(this.client, this.c, input));
  }

  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    return this.tracked(() => applyBatch(this.client, this.c, batch));
  }
  async listMovements(request: Parameters<Store['listMovements']>[0]) {
    return listMovements(this.c, request);
  }

  async listAlerts(query: Parameters<Store['listAlerts']>[0]) {
    return stock.listAlerts(this.c, query);
  }
  async getAlert(id: string) {
    return stock.getAlert(this.c, id);
  }
  async acknowledgeAlert(input: Parameters<Store['acknowledgeAlert']>[0]) {
    return this.tracked(() => stock.acknowledgeAlert(this.client, this.c, input));
  }

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pull(this.client, this.c, collection, request);
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
    const db = client.db(dbName);
    await ensureValidators(db);
    const c = collections(db);
    await ensureIndexes(c);
    await rekeyStock(client, c);
    await readEpoch(c);
    return new MongoStore(client, c);
  } catch (error) {
    await client.close();
    throw error;
  }
}
