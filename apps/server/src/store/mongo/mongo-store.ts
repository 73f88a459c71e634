import { randomBytes } from 'node:crypto';
import * as locations from './locations';
import * as review from './review';
import * as unknownCodes from './unknown-codes';
import type { SyncCollection } from '@stockline/protocol';
import { MongoClient } from 'mongodb';
import type { ApplyResult, MovementBatch, PullPage, PullRequestFor, Store } from '../core/port';
import { applyBatch } from './apply';
import * as catalog from './catalog';
import { collectionsOf, type Collections } from './documents';
import { ensureIndexes, ensureValidators, readEpoch } from './indexes';
import * as office from './office';
import { listMovements, pull } from './reads';
import * as site from './load-site';
import type { SiteImage } from '../site-image';
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
  private epochRenewedAtValue: string | null | undefined;

  constructor(
    private readonly client: MongoClient,
    private readonly collections: Collections,
  ) {}

  /**
   * Runs a write and remembers it until it settles. Writes are not queued: concurrent
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
    this.epochValue ??= await readEpoch(this.collections);
    return this.epochValue;
  }

  async renewEpoch(): Promise<string> {
    const next = randomBytes(16).toString('hex');
    await this.collections.meta.updateOne(
      { _id: 'epoch' },
      { $set: { value: next, renewedAt: new Date().toISOString() } },
      { upsert: true },
    );
    this.epochValue = next;
    this.epochRenewedAtValue = undefined;
    return next;
  }

  async epochRenewedAt(): Promise<string | null> {
    // Read once, like the epoch: renewed (new-epoch) before the instances start.
    if (this.epochRenewedAtValue === undefined)
      this.epochRenewedAtValue = (await this.collections.meta.findOne({ _id: 'epoch' }))?.renewedAt ?? null;
    return this.epochRenewedAtValue;
  }

  async countUsers() {
    return this.collections.users.countDocuments();
  }
  async createUser(user: Parameters<Store['createUser']>[0]) {
    return this.tracked(() => catalog.createUser(this.collections, user));
  }
  async findUserByUsername(username: string) {
    return catalog.findUser(this.collections, { username });
  }
  async findUserById(id: string) {
    return catalog.findUser(this.collections, { _id: id });
  }
  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.tracked(() => catalog.updateUser(this.client, this.collections, input));
  }
  async usersStamp() {
    return catalog.usersStamp(this.collections);
  }
  async listUsers() {
    return catalog.listUsers(this.collections);
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.tracked(() => catalog.createWarehouse(this.client, this.collections, input));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return catalog.listWarehouses(this.collections, scope);
  }
  async getWarehouse(id: string) {
    return catalog.getWarehouse(this.collections, id);
  }
  async updateWarehouse(input: Parameters<Store['updateWarehouse']>[0]) {
    return this.tracked(() => office.updateWarehouse(this.client, this.collections, input));
  }

  async createLocation(input: Parameters<Store['createLocation']>[0]) {
    return this.tracked(() => locations.createLocation(this.client, this.collections, input));
  }
  async listLocations(warehouseId: string) {
    return locations.listLocations(this.collections, warehouseId);
  }
  async getLocation(id: string) {
    return locations.getLocation(this.collections, id);
  }
  async findLocationByBarcode(barcode: string) {
    return locations.findLocationByBarcode(this.collections, barcode);
  }
  async updateLocation(patch: Parameters<Store['updateLocation']>[0]) {
    return this.tracked(() => locations.updateLocation(this.client, this.collections, patch));
  }
  async listBinStock(query: Parameters<Store['listBinStock']>[0]) {
    return locations.listBinStock(this.collections, query);
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.tracked(() => catalog.createProduct(this.client, this.collections, input));
  }
  async getProduct(id: string) {
    return catalog.getProduct(this.collections, id);
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return office.findProducts(this.collections, query);
  }
  async updateProduct(input: Parameters<Store['updateProduct']>[0]) {
    return this.tracked(() => office.updateProduct(this.client, this.collections, input));
  }
  async findProductsByKeys(keys: Parameters<Store['findProductsByKeys']>[0]) {
    return office.findProductsByKeys(this.collections, keys);
  }
  async upsertProducts(input: Parameters<Store['upsertProducts']>[0]) {
    return this.tracked(() => office.upsertProducts(this.client, this.collections, input));
  }

  async getStock(warehouseId: string, productId: string) {
    return stock.getStock(this.collections, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return stock.listStock(this.collections, query);
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.tracked(() => stock.setThreshold(this.client, this.collections, input));
  }

  async setStockSettings(input: Parameters<Store['setStockSettings']>[0]) {
    return this.tracked(() => office.setStockSettings(this.client, this.collections, input));
  }
  async setReorderQty(input: Parameters<Store['setReorderQty']>[0]) {
    return this.tracked(() => office.setReorderQty(this.client, this.collections, input));
  }

  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    return this.tracked(() => applyBatch(this.client, this.collections, batch));
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
    return this.tracked(() => stock.acknowledgeAlert(this.client, this.collections, input));
  }

  async listReview(query: Parameters<Store['listReview']>[0]) {
    return review.listReview(this.collections, query);
  }
  async decideReview(input: Parameters<Store['decideReview']>[0]) {
    return review.decideReview(this.collections, input);
  }

  async reportUnknownCode(input: Parameters<Store['reportUnknownCode']>[0]) {
    return unknownCodes.reportUnknownCode(this.collections, input);
  }
  async listUnknownCodes(query: Parameters<Store['listUnknownCodes']>[0]) {
    return unknownCodes.listUnknownCodes(this.collections, query);
  }
  async dismissUnknownCode(input: Parameters<Store['dismissUnknownCode']>[0]) {
    return unknownCodes.dismissUnknownCode(this.collections, input);
  }

  async listReviewDecisions() {
    return site.listReviewDecisions(this.collections);
  }
  async loadSite(image: SiteImage) {
    await this.tracked(() => site.loadSite(this.client, this.collections, image));
  }

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pull(this.client, this.collections, collection, request);
  }

  async recordDeviceContact(contact: Parameters<Store['recordDeviceContact']>[0]) {
    await office.recordDeviceContact(this.collections, contact);
  }
  async listDevices() {
    return office.listDevices(this.collections);
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
    const collections = collectionsOf(db);
    await ensureIndexes(collections);
    await rekeyStock(client, collections);
    await readEpoch(collections);
    return new MongoStore(client, collections);
  } catch (error) {
    await client.close();
    throw error;
  }
}
