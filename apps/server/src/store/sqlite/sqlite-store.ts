import { randomBytes } from 'node:crypto';
import * as review from './review';
import * as unknownCodes from './unknown-codes';
import * as locations from './locations';
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
import * as catalog from './catalog';
import { mergeChanges } from '../core/merge-changes';
import { openDatabase } from './connection';
import { roomToWrite } from './disk-space';
import { GroupCommit } from './group-commit';
import * as devices from './devices';
import { auditLedger } from './inspect';
import { listMovements } from './ledger';
import * as site from './load-site';
import type { SiteImage } from '../site-image';
import { pullPage } from './pull';
import { Statements } from './statements';
import * as stock from './stock-alerts';
import { ExternalWrites } from './external-writes';
import { UserCache } from './user-cache';
import { CatalogFlags } from './catalog-flags';
import { StockRows } from './stock-rows';
import { RENEWED_AT } from './restore';
import { stockSettingSteps } from '../core/stock-settings';

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
    return this.write(() => catalog.createUser(this.sql, user));
  }
  async findUserByUsername(username: string) {
    return catalog.findUser(this.sql, 'username', username);
  }
  async findUserById(id: string) {
    return this.users.get(id, () => catalog.findUser(this.sql, 'id', id));
  }

  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.write(() => {
      this.users.forget(input.id);
      return catalog.updateUser(this.sql, input);
    });
  }
  async listUsers() {
    return catalog.listUsers(this.sql);
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.writeCatalog(() => catalog.createWarehouse(this.sql, input));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return catalog.listWarehouses(this.sql, scope);
  }
  async getWarehouse(id: string) {
    return catalog.getWarehouse(this.sql, id);
  }
  async updateWarehouse(input: Parameters<Store['updateWarehouse']>[0]) {
    return this.writeCatalog(() => catalog.updateWarehouse(this.sql, input));
  }

  async createLocation(input: Parameters<Store['createLocation']>[0]) {
    return this.write(() => locations.createLocation(this.sql, input));
  }
  async listLocations(warehouseId: string) {
    return locations.listLocations(this.sql, warehouseId);
  }
  async getLocation(id: string) {
    return locations.getLocation(this.sql, id);
  }
  async findLocationByBarcode(barcode: string) {
    return locations.findLocationByBarcode(this.sql, barcode);
  }
  async updateLocation(patch: Parameters<Store['updateLocation']>[0]) {
    return this.write(() => locations.updateLocation(this.sql, patch));
  }
  async listBinStock(query: Parameters<Store['listBinStock']>[0]) {
    return locations.listBinStock(this.sql, query);
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.writeCatalog(() => catalog.createProduct(this.sql, input));
  }
  async getProduct(id: string) {
    return catalog.getProduct(this.sql, id);
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return catalog.findProducts(this.sql, query);
  }
  async updateProduct(input: Parameters<Store['updateProduct']>[0]) {
    return this.writeCatalog(() => catalog.updateProduct(this.sql, input));
  }
  async findProductsByKeys(keys: Parameters<Store['findProductsByKeys']>[0]) {
    return catalog.findProductsByKeys(this.sql, keys);
  }
  async upsertProducts(input: Parameters<Store['upsertProducts']>[0]) {
    return this.writeCatalog(() => catalog.upsertProducts(this.sql, input));
  }

  async getStock(warehouseId: string, productId: string) {
    return stock.getStock(this.sql, this.stockRows, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return stock.listStock(this.sql, query);
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.write(() => stock.setThreshold(this.sql, this.stockRows, input));
  }

  async setStockSettings(input: Parameters<Store['setStockSettings']>[0]) {
    return this.write(() => {
      const sets = stockSettingSteps(input).map(
        (step) =>
          (step.kind === 'threshold'
            ? stock.setThreshold(this.sql, this.stockRows, step.input)
            : stock.setReorderQty(this.sql, this.stockRows, step.input)
          ).changes,
      );
      return { changes: mergeChanges(sets) };
    });
  }
  async setReorderQty(input: Parameters<Store['setReorderQty']>[0]) {
    return this.write(() => stock.setReorderQty(this.sql, this.stockRows, input));
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
    return stock.listAlerts(this.sql, query);
  }
  async getAlert(id: string) {
    return stock.getAlert(this.sql, id);
  }
  async acknowledgeAlert(input: Parameters<Store['acknowledgeAlert']>[0]) {
    return this.write(() => stock.acknowledgeAlert(this.sql, input));
  }

  async listReview(query: Parameters<Store['listReview']>[0]) {
    return review.listReview(this.sql, query);
  }
  async decideReview(input: Parameters<Store['decideReview']>[0]) {
    return this.write(() => review.decideReview(this.sql, input));
  }

  async reportUnknownCode(input: Parameters<Store['reportUnknownCode']>[0]) {
    return this.write(() => unknownCodes.reportUnknownCode(this.sql, input));
  }
  async listUnknownCodes(query: Parameters<Store['listUnknownCodes']>[0]) {
    return unknownCodes.listUnknownCodes(this.sql, query);
  }
  async dismissUnknownCode(input: Parameters<Store['dismissUnknownCode']>[0]) {
    return this.write(() => unknownCodes.dismissUnknownCode(this.sql, input));
  }

  async listReviewDecisions() {
    return site.listReviewDecisions(this.sql);
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
    await this.pushes.submit(() => devices.recordDeviceContact(this.sql, contact));
  }
  async listDevices() {
    return devices.listDevices(this.sql);
  }

  /** Test and diagnostics aid: every stock row with the sum of its ledger legs. */
  auditLedger(): LedgerAudit[] {
    return auditLedger(this.db);
  }
}

export async function openSqliteStore(file: string): Promise<SqliteStore> {
  return new SqliteStore(openDatabase(file));
}
