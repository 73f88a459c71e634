import type { SyncCollection } from '@stockline/protocol';
import * as locations from '../sql/locations';
import type { ApplyResult, LedgerAudit, MovementBatch, PullPage, PullRequestFor, Store } from '../core/port';
import { stockKey } from '@stockline/domain';
import { applyMovements } from './batch';
import * as catalog from '../sql/catalog';
import { postgres as d } from '../sql/dialect';
import * as office from '../sql/office';
import { findProducts } from '../sql/product-search';
import * as users from '../sql/users';
import { silentStoreLog, type StoreLog } from '../store-log';
import { RELAY_CONNECTIONS } from './broadcast-relay';
import { checkConnectionBudget } from './connection-budget';
import { connectionLoss } from './connection-loss';
import { Database, perform, type DatabaseHooks } from './db';
import { HorizonWatch } from './horizon-watch';
import { pullPage } from './reads';
import { listMovements } from '../sql/ledger';
import * as site from './load-site';
import type { SiteImage } from '../site-image';
import * as review from '../sql/review';
import { migrate } from './schema';
import * as stock from '../sql/stock-alerts';

/**
 * The store for several server instances: PostgreSQL 13+ through node-postgres. Reads are single
 * statements on the pool (or one REPEATABLE READ snapshot for a pull page); every write is one
 * transaction numbering its changes in its own slot of seqs, and pulls stop at the horizon
 * (positions.ts), so writers on every instance run side by side and pullers on any instance
 * never skip a late commit.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private closed = false;
  private epochValue: string | undefined;
  private epochRenewedAtValue: string | null | undefined;
  private readonly horizon: HorizonWatch;

  constructor(
    private readonly db: Database,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.horizon = new HorizonWatch(() => db.horizon(), onError);
  }

  /** Resolves once every pull can return the change at `seq` (see HorizonWatch). */
  pullable(seq: number): Promise<void> {
    return this.horizon.pullable(seq);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      // Reachable and writable: a standby (read-only, in recovery) is not ready for this server.
      return (await this.db.one<{ ok: boolean }>('SELECT NOT pg_is_in_recovery() AS ok'))?.ok === true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.horizon.close();
    await this.db.close();
  }

  async epoch(): Promise<string> {
    // Read once: only a restore of the database changes it, with no server running.
    this.epochValue ??= (await this.db.one<{ value: string }>(
      `SELECT value FROM store_meta WHERE key = 'epoch'`,
    ))!.value;
    return this.epochValue;
  }

  async renewEpoch(): Promise<string> {
    const row = await this.db.one<{ value: string }>(
      `WITH renewed AS (
         INSERT INTO store_meta (key, value) VALUES ('epoch_renewed_at', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value
       )
       UPDATE store_meta SET value = md5(random()::text || clock_timestamp()::text) WHERE key = 'epoch' RETURNING value`,
      [new Date().toISOString()],
    );
    this.epochValue = row!.value;
    this.epochRenewedAtValue = undefined;
    return this.epochValue;
  }

  async epochRenewedAt(): Promise<string | null> {
    // Read once, like the epoch: renewed (new-epoch) before the instances start.
    if (this.epochRenewedAtValue === undefined) {
      const row = await this.db.one<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'epoch_renewed_at'`);
      this.epochRenewedAtValue = row?.value ?? null;
    }
    return this.epochRenewedAtValue;
  }

  async countUsers() {
    return (await this.db.one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0;
  }
  async createUser(user: Parameters<Store['createUser']>[0]) {
    return perform(this.db, users.createUser(d, user));
  }
  async findUserByUsername(username: string) {
    return perform(this.db, users.findUser(d, 'username', username));
  }
  async findUserById(id: string) {
    return perform(this.db, users.findUser(d, 'id', id));
  }
  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.db.write((tx) => perform(tx, users.updateUser(d, input)));
  }
  async usersStamp() {
    // Moved by a trigger on every statement that changes users (schema.ts).
    const row = await this.db.one<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'users_changed'`);
    if (!row) throw new Error('store_meta holds no users_changed stamp');
    return row.value;
  }
  async listUsers() {
    return perform(this.db, users.listUsers(d));
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.db.write((tx) => perform(tx, catalog.createWarehouse(d, tx, input)));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return perform(this.db, catalog.listWarehouses(d, scope));
  }
  async getWarehouse(id: string) {
    return perform(this.db, catalog.getWarehouse(d, id));
  }
  async updateWarehouse(input: Parameters<Store['updateWarehouse']>[0]) {
    return this.db.write((tx) => perform(tx, catalog.updateWarehouse(d, tx, input)));
  }

  async createLocation(input: Parameters<Store['createLocation']>[0]) {
    return this.db.write((tx) => perform(tx, locations.createLocation(d, tx, input)));
  }
  async listLocations(warehouseId: string) {
    return perform(this.db, locations.listLocations(d, warehouseId));
  }
  async getLocation(id: string) {
    return perform(this.db, locations.getLocation(d, id));
  }
  async findLocationByBarcode(barcode: string) {
    return perform(this.db, locations.findLocationByBarcode(d, barcode));
  }
  async updateLocation(patch: Parameters<Store['updateLocation']>[0]) {
    return this.db.write((tx) => perform(tx, locations.updateLocation(d, tx, patch)));
  }
  async listBinStock(query: Parameters<Store['listBinStock']>[0]) {
    return perform(this.db, locations.listBinStock(d, query));
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.db.write((tx) => perform(tx, catalog.createProduct(d, tx, input)));
  }
  async getProduct(id: string) {
    return perform(this.db, catalog.getProduct(d, id));
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return perform(this.db, findProducts(d, query));
  }
  async updateProduct(input: Parameters<Store['updateProduct']>[0]) {
    return this.db.write((tx) => perform(tx, catalog.updateProduct(d, tx, input)));
  }
  async findProductsByKeys(keys: Parameters<Store['findProductsByKeys']>[0]) {
    return perform(this.db, catalog.findProductsByKeys(d, keys));
  }
  async upsertProducts(input: Parameters<Store['upsertProducts']>[0]) {
    return this.db.write((tx) => perform(tx, catalog.upsertProducts(d, tx, input)));
  }
  async setStockSettings(input: Parameters<Store['setStockSettings']>[0]) {
    const keys = input.rows.map((row) => stockKey(input.warehouseId, row.productId));
    return this.db.write((tx) => perform(tx, stock.setStockSettings(d, tx, input)), { lockKeys: keys });
  }
  async setReorderQty(input: Parameters<Store['setReorderQty']>[0]) {
    return this.db.write((tx) => perform(tx, stock.setReorderQty(d, tx, input)), {
      lockKeys: [stockKey(input.warehouseId, input.productId)],
    });
  }
  async recordDeviceContact(contact: Parameters<Store['recordDeviceContact']>[0]) {
    await perform(this.db, office.recordDeviceContact(d, contact));
  }
  async listDevices() {
    return perform(this.db, office.listDevices(d));
  }

  async getStock(warehouseId: string, productId: string) {
    return perform(this.db, stock.getStock(d, warehouseId, productId));
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return perform(this.db, stock.listStockRows(d, query));
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.db.write((tx) => perform(tx, stock.setThreshold(d, tx, input)), {
      lockKeys: [stockKey(input.warehouseId, input.productId)],
    });
  }

  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    return applyMovements(this.db, batch);
  }
  async listMovements(request: Parameters<Store['listMovements']>[0]) {
    return perform(this.db, listMovements(d, request));
  }

  async listAlerts(query: Parameters<Store['listAlerts']>[0]) {
    return perform(this.db, stock.listAlertRows(d, query));
  }
  async getAlert(id: string) {
    return perform(this.db, stock.getAlert(d, id));
  }
  async acknowledgeAlert(input: Parameters<Store['acknowledgeAlert']>[0]) {
    return this.db.write((tx) => perform(tx, stock.acknowledge(d, tx, input)));
  }

  async listReview(query: Parameters<Store['listReview']>[0]) {
    return perform(this.db, review.listReview(d, query));
  }
  async decideReview(input: Parameters<Store['decideReview']>[0]) {
    return this.db.write((tx) => perform(tx, review.decideReview(d, input)));
  }

  async reportUnknownCode(input: Parameters<Store['reportUnknownCode']>[0]) {
    return this.db.write((tx) => perform(tx, office.reportUnknownCode(d, input)));
  }
  async listUnknownCodes(query: Parameters<Store['listUnknownCodes']>[0]) {
    return perform(this.db, office.listUnknownCodes(d, query));
  }
  async dismissUnknownCode(input: Parameters<Store['dismissUnknownCode']>[0]) {
    return this.db.write((tx) => perform(tx, office.dismissUnknownCode(d, input)));
  }

  async listReviewDecisions() {
    return perform(this.db, review.listReviewDecisions(d));
  }
  async loadSite(image: SiteImage) {
    await this.db.write((tx) => site.loadSite(tx, image));
  }

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pullPage(this.db, collection, request);
  }

  /** Test and diagnostics aid: every stock row with the sum of its ledger legs. */
  async auditLedger(): Promise<LedgerAudit[]> {
    return this.db.all<LedgerAudit>(
      `SELECT s.warehouse_id AS "warehouseId", s.product_id AS "productId", s.qty AS qty,
              coalesce((SELECT sum(delta) FROM ledger l WHERE l.warehouse_id = s.warehouse_id AND l.product_id = s.product_id), 0)::int AS "ledgerSum"
       FROM stock s ORDER BY s.warehouse_id, s.product_id`,
    );
  }
}

export interface PostgresStoreOptions {
  /** The most connections this instance's pool opens (DATABASE_POOL_MAX). */
  poolSize?: number;
  /** How many instances share the database (DATABASE_INSTANCES), for the connection budget. */
  instances?: number | null;
  /**
   * Keep trying while the database cannot be reached (the server starting before it, or during
   * its restart) instead of failing; command-line tools fail at once.
   */
  waitForDatabase?: boolean;
  log?: StoreLog;
}

/**
 * Connects, migrates the schema and checks the connection budget before handing the store out.
 * A second argument that is a number is the pool size (as the tests pass it); `hooks`: tests only.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions | number = {},
  hooks: DatabaseHooks = {},
): Promise<PostgresStore> {
  const {
    poolSize = 10,
    instances = null,
    waitForDatabase = false,
    log = silentStoreLog,
  } = typeof options === 'number' ? { poolSize: options } : options;
  const db = Database.open(
    url,
    poolSize,
    (error) => log.warn({ err: error.message }, 'database connection lost'),
    hooks,
  );
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await migrate(db);
        break;
      } catch (error) {
        const lost = connectionLoss(error);
        if (!waitForDatabase || !lost) throw error;
        const delayMs = Math.min(5_000, 500 * attempt);
        log.warn({ reason: lost, attempt, retryInMs: delayMs }, 'database not reachable yet; waiting for it');
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    await checkConnectionBudget(db, poolSize + RELAY_CONNECTIONS, instances, log);
  } catch (error) {
    await db.close();
    throw error;
  }
  return new PostgresStore(db);
}
