import { randomBytes } from 'node:crypto';
import * as review from '../sql/review';
import * as locations from '../sql/locations';
import type Database from 'better-sqlite3';
import type { SyncCollection } from '@stockline/protocol';
import type {
  ApplyResult,
  BackupCarry,
  BackupReport,
  FileBackup,
  LedgerAudit,
  MovementBatch,
  PullPage,
  PullRequestFor,
  Store,
} from '../core/port';
import { applyBatch } from './apply';
import { backupDatabase } from './backup';
import * as catalog from '../sql/catalog';
import { sqlite as d } from '../sql/dialect';
import * as office from '../sql/office';
import { findProducts } from '../sql/product-search';
import * as users from '../sql/users';
import { openDatabase } from './connection';
import { roomToWrite } from './disk-space';
import { GroupCommit } from './group-commit';
import { auditLedger } from './inspect';
import { listMovements } from './ledger';
import * as site from './load-site';
import type { SiteImage } from '../site-image';
import { pullPage } from './pull';
import { Statements } from './statements';
import { getStock } from './stock-alerts';
import * as stock from '../sql/stock-alerts';
import { ExternalWrites } from './external-writes';
import { UserCache } from './user-cache';
import { CatalogFlags } from './catalog-flags';
import { StockRows } from './stock-rows';
import type { StockDbRow } from '../core/rows';
import { RENEWED_AT } from './restore';

/**
 * The embedded store. better-sqlite3 is synchronous, and Node runs one request at a time on
 * this connection, so each method is one short transaction. Writes use BEGIN IMMEDIATE: they
 * take the file's write lock up front, so several processes sharing the file serialize instead
 * of failing halfway through with SQLITE_BUSY on a lock upgrade.
 */
export class SqliteStore implements Store, FileBackup {
  readonly kind = 'sqlite' as const;
  private readonly sql: Statements;
  private readonly pushes: GroupCommit;
  /** Tells this connection's in-memory caches when another process wrote the file. */
  private readonly external: ExternalWrites;
  private readonly users: UserCache;
  /** The stock read model: rows as committed, kept by every stock write (stock-rows.ts). */
  private readonly stockRows: StockRows;
  /** Products' and warehouses' existence and archived flag, as the push path asks them. */
  private readonly catalogFlags: CatalogFlags;
  /** A stock row a setting wrote, for the read model (published when the write commits). */
  private readonly stockWritten = (row: StockDbRow) => this.stockRows.wrote(row);
  private closed = false;
  private epochValue: string | undefined;
  private epochRenewedAtValue: string | null | undefined;

  constructor(private readonly db: Database.Database) {
    this.sql = new Statements(db);
    this.external = new ExternalWrites(this.sql);
    this.users = new UserCache(this.external);
    this.stockRows = new StockRows(this.external);
    this.catalogFlags = new CatalogFlags(this.sql, this.external);
    this.pushes = new GroupCommit(db, {
      begin: () => {
        // Exact, not merely recent: the write lock is held, so no other commit can follow.
        this.external.freshenNow();
        this.stockRows.begin();
      },
      commit: () => this.stockRows.commit(),
      rollback: () => this.stockRows.rollback(),
    });
  }

  /**
   * A write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back on any throw. Stock rows it
   * writes reach the read model only once it has committed.
   */
  private write<T>(fn: () => T): T {
    return this.stockRows.within(() => this.db.transaction(fn).immediate());
  }

  /** A write of products or warehouses: the push path's catalog flags are forgotten inside it. */
  private writeCatalog<T>(fn: () => T): T {
    return this.write(() => {
      this.catalogFlags.forget();
      return fn();
    });
  }

  async ping(): Promise<boolean> {
    try {
      // Answers and can take a write: a full disk makes this store not ready.
      return !this.closed && this.sql.get<{ ok: number }>('SELECT 1 AS ok')?.ok === 1 && roomToWrite(this.db.name);
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  async epoch(): Promise<string> {
    // Read once: only a restore changes it, and that happens with no server running.
    this.epochValue ??= this.sql.get<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'epoch'`)!.value;
    return this.epochValue;
  }

  async renewEpoch(): Promise<string> {
    const next = randomBytes(16).toString('hex');
    this.write(() => {
      this.sql.run(`UPDATE store_meta SET value = ? WHERE key = 'epoch'`, [next]);
      this.sql.run(RENEWED_AT, [new Date().toISOString()]);
    });
    this.epochValue = next;
    this.epochRenewedAtValue = undefined;
    return next;
  }

  async epochRenewedAt(): Promise<string | null> {
    // Read once, like the epoch: a restore or a renewal happens before the server starts.
    if (this.epochRenewedAtValue === undefined) {
      this.epochRenewedAtValue =
        this.sql.get<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'epoch_renewed_at'`)?.value ?? null;
    }
    return this.epochRenewedAtValue;
  }

  /** An online backup through this connection: the server keeps applying movements meanwhile. */
  async backupTo(outFile: string, carry?: BackupCarry): Promise<BackupReport> {
    return backupDatabase(this.db, outFile, carry);
  }

  async countUsers() {
    return this.sql.get<{ n: number }>('SELECT count(*) AS n FROM users')?.n ?? 0;
  }
  async createUser(user: Parameters<Store['createUser']>[0]) {
    return this.write(() => this.sql.perform(users.createUser(d, user)));
  }
  async findUserByUsername(username: string) {
    return this.sql.perform(users.findUser(d, 'username', username));
  }
  async findUserById(id: string) {
    return this.users.get(id, () => this.sql.perform(users.findUser(d, 'id', id)));
  }

  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.write(() => {
      this.users.forget(input.id);
      return this.sql.perform(users.updateUser(d, input));
    });
  }
  async listUsers() {
    return this.sql.perform(users.listUsers(d));
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.writeCatalog(() => this.sql.perform(catalog.createWarehouse(d, this.sql, input)));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return this.sql.perform(catalog.listWarehouses(d, scope));
  }
  async getWarehouse(id: string) {
    return this.sql.perform(catalog.getWarehouse(d, id));
  }
  async updateWarehouse(input: Parameters<Store['updateWarehouse']>[0]) {
    return this.writeCatalog(() => this.sql.perform(catalog.updateWarehouse(d, this.sql, input)));
  }

  async createLocation(input: Parameters<Store['createLocation']>[0]) {
    return this.write(() => this.sql.perform(locations.createLocation(d, this.sql, input)));
  }
  async listLocations(warehouseId: string) {
    return this.sql.perform(locations.listLocations(d, warehouseId));
  }
  async getLocation(id: string) {
    return this.sql.perform(locations.getLocation(d, id));
  }
  async findLocationByBarcode(barcode: string) {
    return this.sql.perform(locations.findLocationByBarcode(d, barcode));
  }
  async updateLocation(patch: Parameters<Store['updateLocation']>[0]) {
    return this.write(() => this.sql.perform(locations.updateLocation(d, this.sql, patch)));
  }
  async listBinStock(query: Parameters<Store['listBinStock']>[0]) {
    return this.sql.perform(locations.listBinStock(d, query));
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.writeCatalog(() => this.sql.perform(catalog.createProduct(d, this.sql, input)));
  }
  async getProduct(id: string) {
    return this.sql.perform(catalog.getProduct(d, id));
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return this.sql.perform(findProducts(d, query));
  }
  async updateProduct(input: Parameters<Store['updateProduct']>[0]) {
    return this.writeCatalog(() => this.sql.perform(catalog.updateProduct(d, this.sql, input)));
  }
  async findProductsByKeys(keys: Parameters<Store['findProductsByKeys']>[0]) {
    return this.sql.perform(catalog.findProductsByKeys(d, keys));
  }
  async upsertProducts(input: Parameters<Store['upsertProducts']>[0]) {
    return this.writeCatalog(() => this.sql.perform(catalog.upsertProducts(d, this.sql, input)));
  }

  async getStock(warehouseId: string, productId: string) {
    return getStock(this.sql, this.stockRows, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return this.sql.perform(stock.listStockRows(d, query));
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.write(() => this.sql.perform(stock.setThreshold(d, this.sql, input, this.stockWritten)));
  }
  async setStockSettings(input: Parameters<Store['setStockSettings']>[0]) {
    return this.write(() => this.sql.perform(stock.setStockSettings(d, this.sql, input, this.stockWritten)));
  }
  async setReorderQty(input: Parameters<Store['setReorderQty']>[0]) {
    return this.write(() => this.sql.perform(stock.setReorderQty(d, this.sql, input, this.stockWritten)));
  }

  /** Concurrent pushes share one commit (see group-commit.ts); each batch is still all or nothing. */
  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    const memory = { stock: this.stockRows, catalog: this.catalogFlags };
    return this.pushes.submit(() => this.stockRows.within(() => applyBatch(this.sql, batch, memory)));
  }
  async listMovements(request: Parameters<Store['listMovements']>[0]) {
    return listMovements(this.sql, request);
  }

  async listAlerts(query: Parameters<Store['listAlerts']>[0]) {
    return this.sql.perform(stock.listAlertRows(d, query));
  }
  async getAlert(id: string) {
    return this.sql.perform(stock.getAlert(d, id));
  }
  async acknowledgeAlert(input: Parameters<Store['acknowledgeAlert']>[0]) {
    return this.write(() => this.sql.perform(stock.acknowledge(d, this.sql, input)));
  }

  async listReview(query: Parameters<Store['listReview']>[0]) {
    return this.sql.perform(review.listReview(d, query));
  }
  async decideReview(input: Parameters<Store['decideReview']>[0]) {
    return this.write(() => this.sql.perform(review.decideReview(d, input)));
  }

  async reportUnknownCode(input: Parameters<Store['reportUnknownCode']>[0]) {
    return this.write(() => this.sql.perform(office.reportUnknownCode(d, input)));
  }
  async listUnknownCodes(query: Parameters<Store['listUnknownCodes']>[0]) {
    return this.sql.perform(office.listUnknownCodes(d, query));
  }
  async dismissUnknownCode(input: Parameters<Store['dismissUnknownCode']>[0]) {
    return this.write(() => this.sql.perform(office.dismissUnknownCode(d, input)));
  }

  async listReviewDecisions() {
    return this.sql.perform(review.listReviewDecisions(d));
  }
  /** A catalogue write as well: the push path's flags are forgotten inside it. */
  async loadSite(image: SiteImage) {
    this.writeCatalog(() => site.loadSite(this.sql, image));
  }

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pullPage(this.sql, collection, request);
  }

  /**
   * Rides in the pushes' group commit: every push and pull of a device records its contact (at
   * most every few seconds per device), and as a transaction of its own each paid an fsync that
   * blocks the event loop, 1.4% of a push run's server profile.
   */
  async recordDeviceContact(contact: Parameters<Store['recordDeviceContact']>[0]) {
    await this.pushes.submit(() => this.sql.perform(office.recordDeviceContact(d, contact)));
  }
  async listDevices() {
    return this.sql.perform(office.listDevices(d));
  }

  /** Test and diagnostics aid: every stock row with the sum of its ledger legs. */
  auditLedger(): LedgerAudit[] {
    return auditLedger(this.db);
  }
}

export async function openSqliteStore(file: string): Promise<SqliteStore> {
  return new SqliteStore(openDatabase(file));
}
