import * as review from './review';
import type Database from 'better-sqlite3';
import type { SyncCollection } from '@stockline/protocol';
import type { ApplyResult, MovementBatch, PullPage, PullRequestFor, Store } from '../port';
import { applyBatch } from './apply';
import * as catalog from './catalog';
import { openDatabase } from './connection';
import { listMovements } from './ledger';
import { pullPage } from './pull';
import { Statements } from './statements';
import * as stock from './stock-alerts';

/** One (warehouse, product) row's quantity beside the sum of its ledger legs (I3). */
export interface LedgerAudit {
  warehouseId: string;
  productId: string;
  qty: number;
  ledgerSum: number;
}

/**
 * The embedded store. better-sqlite3 is synchronous, and Node runs one request at a time on
 * this connection, so each method is one short transaction. Writes use BEGIN IMMEDIATE: they
 * take the file's write lock up front, so several processes sharing the file serialize instead
 * of failing halfway through with SQLITE_BUSY on a lock upgrade.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly sql: Statements;
  private closed = false;

  constructor(private readonly db: Database.Database) {
    this.sql = new Statements(db);
  }

  /** A write transaction: BEGIN IMMEDIATE ... COMMIT, rolled back on any throw. */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  async ping(): Promise<boolean> {
    try {
      return !this.closed && this.sql.get<{ ok: number }>('SELECT 1 AS ok')?.ok === 1;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
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
    return catalog.findUser(this.sql, 'id', id);
  }

  async updateUser(input: Parameters<Store['updateUser']>[0]) {
    return this.write(() => catalog.updateUser(this.sql, input));
  }
  async listUsers() {
    return catalog.listUsers(this.sql);
  }

  async createWarehouse(input: Parameters<Store['createWarehouse']>[0]) {
    return this.write(() => catalog.createWarehouse(this.sql, input));
  }
  async listWarehouses(scope: Parameters<Store['listWarehouses']>[0]) {
    return catalog.listWarehouses(this.sql, scope);
  }
  async getWarehouse(id: string) {
    return catalog.getWarehouse(this.sql, id);
  }

  async createProduct(input: Parameters<Store['createProduct']>[0]) {
    return this.write(() => catalog.createProduct(this.sql, input));
  }
  async getProduct(id: string) {
    return catalog.getProduct(this.sql, id);
  }
  async findProducts(query: Parameters<Store['findProducts']>[0]) {
    return catalog.findProducts(this.sql, query);
  }

  async getStock(warehouseId: string, productId: string) {
    return stock.getStock(this.sql, warehouseId, productId);
  }
  async listStock(query: Parameters<Store['listStock']>[0]) {
    return stock.listStock(this.sql, query);
  }
  async setThreshold(input: Parameters<Store['setThreshold']>[0]) {
    return this.write(() => stock.setThreshold(this.sql, input));
  }

  async applyMovements(batch: MovementBatch): Promise<ApplyResult> {
    return this.write(() => applyBatch(this.sql, batch));
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

  async pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>> {
    return pullPage(this.sql, collection, request);
  }

  /** Test and diagnostics aid: every stock row with the sum of its ledger legs. */
  auditLedger(): LedgerAudit[] {
    return this.sql.all<LedgerAudit>(
      `SELECT s.warehouse_id AS warehouseId, s.product_id AS productId, s.qty AS qty,
              coalesce((SELECT sum(delta) FROM ledger l WHERE l.warehouse_id = s.warehouse_id AND l.product_id = s.product_id), 0) AS ledgerSum
       FROM stock s ORDER BY s.warehouse_id, s.product_id`,
    );
  }
}

export async function openSqliteStore(file: string): Promise<SqliteStore> {
  return new SqliteStore(openDatabase(file));
}
