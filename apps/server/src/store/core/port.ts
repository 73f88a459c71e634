import type {
  Alert,
  AlertStatus,
  CreateProductRequest,
  CreateWarehouseRequest,
  Product,
  RecordedMovement,
  ReviewDecision,
  ReviewItem,
  ReviewOutcome,
  Role,
  StockRow,
  SyncCollection,
  UnknownCodeItem,
  Warehouse,
} from '@stockline/protocol';
import type { Scope } from '@stockline/domain';
import type { SiteImage } from '../site-image';
import type { LocationStore } from './locations';

/**
 * The Store port: everything the services need from a database, and nothing about which one.
 * Every adapter (sqlite/, mongo/, postgres/) passes the same conformance suite (conformance.ts).
 *
 * Rules every adapter keeps:
 * - applyMovements is atomic per movement at least, and never half-applies one movement (I3, I7);
 *   the ledger row, the stock change, the verdict and any alert commit together.
 * - Every write assigns `seq` values *inside* the write, and a puller holding checkpoint N can never
 *   miss a change that commits later with seq <= N (SQLite and MongoDB: writers commit in seq
 *   order; PostgreSQL: pulls stop below the oldest open writer, see postgres/positions.ts).
 * - Replaying a movement id returns the stored first verdict and changes nothing (I2).
 */

export type { Scope } from '@stockline/domain';

// The records the port's methods take and give; in a file of their own, re-exported here.
export type * from './records';
import type {
  UserRecord,
  MovementBatch,
  ChangeSet,
  ApplyResult,
  PullRequestFor,
  PullPage,
  LedgerRequest,
  ProductSearch,
  ProductSearchPage,
  ProductPatch,
  ProductUpsert,
  StockSetting,
  DeviceContact,
  DeviceRecord,
} from './records';

// The errors every store throws, in a file of their own; re-exported so callers import one place.
export * from './store-errors';

/** What a finished backup holds, as the backup command and the admin endpoint report it. */
export interface BackupReport {
  file: string;
  bytes: number;
  schemaVersion: number;
  epoch: string | null;
  /** `PRAGMA integrity_check` of the copy: always "ok" for a report (a bad copy throws). */
  integrity: string;
  stockRows: number;
  movements: number;
}

/**
 * A store that can copy itself into one file while it serves (the embedded SQLite store).
 * MongoDB is not one: a replica set is backed up with its own tools (mongodump --oplog, or a
 * member's file-system snapshot), and moved between stores with the admin export/import.
 */
export interface FileBackup {
  /**
   * `carry.jwtSecret` goes into the copy (never into the live store), so that a restore into an
   * empty DATA_DIR signs tokens as before and no device is signed out.
   */
  backupTo(outFile: string, carry?: BackupCarry): Promise<BackupReport>;
}

/** What a backup carries besides the store: what a restore needs to serve as before. */
export interface BackupCarry {
  jwtSecret?: string | undefined;
}

export function fileBackupOf(store: Store): FileBackup | null {
  const candidate = store as Partial<FileBackup>;
  return typeof candidate.backupTo === 'function' ? (candidate as FileBackup) : null;
}

export interface Store extends LocationStore {
  readonly kind: 'sqlite' | 'mongodb' | 'postgres';

  /** True when the database answers; drives /healthz. */
  ping(): Promise<boolean>;

  /**
   * Resolves once every pull can return the change at `seq` (a write's checkpoint). Pokes wait
   * for it, so a device pulling on a poke finds what it announced. Only an adapter whose
   * commits can become visible before older writers end has it (PostgreSQL: pulls stop at the
   * oldest open writer); without it, a commit is pullable at once.
   */
  pullable?(seq: number): Promise<void>;
  close(): Promise<void>;

  /**
   * The store's epoch: a random id fixed when the store is created and replaced when it is
   * restored from a backup. Pull replies carry it; a device that sees it change knows the
   * sequence started over and pushes again what the store may no longer know.
   */
  epoch(): Promise<string>;
  /**
   * Gives the store a new epoch and returns it: after a restore by the database's own tools
   * (pg_restore, mongorestore), which bring back the old one. `npm run admin -- new-epoch`.
   */
  renewEpoch(): Promise<string>;
  /**
   * When the epoch was last renewed (a restore, or renewEpoch), ISO; null for a store whose
   * epoch is the one it was created with. The restore settle window counts from it.
   */
  epochRenewedAt(): Promise<string | null>;

  countUsers(): Promise<number>;
  /** Throws DuplicateKeyError('username'). */
  createUser(user: UserRecord): Promise<UserRecord>;
  /** Case-insensitive: usernames are unique regardless of case. */
  findUserByUsername(username: string): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  /**
   * A value that changes, in the same commit, with every change to an existing user (role,
   * warehouses, password, active flag, token version), whichever process makes it. Instances
   * compare it to know when users they keep in memory may be out of date (services/user-cache.ts).
   * One small read. Absent for a store that keeps users in memory itself (SQLite).
   */
  usersStamp?(): Promise<string>;
  /**
   * Changes the given fields and raises tokenVersion by one (every earlier token of the user
   * stops working); null when there is no such user. Throws LastAdminError, changing nothing,
   * when the change would take the last active admin's role or active flag away.
   */
  updateUser(input: {
    id: string;
    role?: Role | undefined;
    warehouseIds?: string[] | undefined;
    passwordHash?: string | undefined;
    active?: boolean | undefined;
  }): Promise<UserRecord | null>;
  /** Every user, by username. */
  listUsers(): Promise<UserRecord[]>;

  /** Throws DuplicateKeyError('code'). */
  createWarehouse(
    input: CreateWarehouseRequest & { id: string; now: string },
  ): Promise<{ warehouse: Warehouse; changes: ChangeSet }>;
  listWarehouses(scope: Scope): Promise<Warehouse[]>;
  getWarehouse(id: string): Promise<Warehouse | null>;
  /** Renames or (un)archives; a new seq so replicas pull it. null when there is no such warehouse. */
  updateWarehouse(input: {
    id: string;
    name?: string | undefined;
    archived?: boolean | undefined;
    now: string;
  }): Promise<{
    warehouse: Warehouse;
    changes: ChangeSet;
  } | null>;

  /** Throws DuplicateKeyError('sku' | 'barcode'). */
  createProduct(
    input: CreateProductRequest & { id: string; now: string },
  ): Promise<{ product: Product; changes: ChangeSet }>;
  getProduct(id: string): Promise<Product | null>;
  /** Throws DuplicateKeyError('sku' | 'barcode'); null when there is no such product. */
  updateProduct(input: {
    id: string;
    patch: ProductPatch;
    now: string;
  }): Promise<{ product: Product; changes: ChangeSet } | null>;
  /** Indexed: never a scan of the whole catalogue per call. */
  /** Throws InvalidCursorError for a cursor this store did not hand out. */
  findProducts(query: ProductSearch): Promise<ProductSearchPage>;
  /** Products holding any of these SKUs (regardless of case) or barcodes (exact), for planning an import. */
  findProductsByKeys(keys: { skus: string[]; barcodes: string[] }): Promise<Product[]>;
  /** Applies a planned import in one transaction: all lines or none. Throws DuplicateKeyError. */
  upsertProducts(input: { lines: ProductUpsert[]; now: string }): Promise<{ changes: ChangeSet }>;

  /** null when the product never moved in that warehouse (callers answer qty 0, version 0). */
  getStock(warehouseId: string, productId: string): Promise<StockRow | null>;
  listStock(query: {
    scope: Scope;
    warehouseId?: string | undefined;
    productId?: string | undefined;
    low?: boolean | undefined;
  }): Promise<StockRow[]>;
  /**
   * Sets a row's threshold (creating the row at qty 0 if needed). Raises an alert when the row
   * becomes low through this change and resolves the open one when it stops being low (I6).
   */
  setThreshold(input: {
    warehouseId: string;
    productId: string;
    threshold: number;
    now: string;
  }): Promise<{ row: StockRow; changes: ChangeSet }>;

  /**
   * Thresholds and reorder quantities of many rows of one warehouse in one transaction (a stock
   * import), each as setThreshold / setReorderQty would set it; all or nothing.
   */
  setStockSettings(input: { warehouseId: string; rows: StockSetting[]; now: string }): Promise<{ changes: ChangeSet }>;
  /** Sets a row's reorder quantity (creating the row at qty 0 if needed); no alert changes. */
  setReorderQty(input: {
    warehouseId: string;
    productId: string;
    reorderQty: number;
    now: string;
  }): Promise<{ row: StockRow; changes: ChangeSet }>;

  /** A movement in an archived warehouse, or of an archived product (except a count), is rejected `archived`. */
  applyMovements(batch: MovementBatch): Promise<ApplyResult>;
  /**
   * Newest first (descending server sequence). A transfer is listed under both its warehouses;
   * rejected movements are listed with their verdicts. Throws InvalidCursorError for a cursor
   * this store did not hand out.
   */
  listMovements(request: LedgerRequest): Promise<{ items: RecordedMovement[]; nextCursor: string | null }>;

  listAlerts(query: {
    scope: Scope;
    status?: AlertStatus | undefined;
    warehouseId?: string | undefined;
    productId?: string | undefined;
  }): Promise<Alert[]>;
  getAlert(id: string): Promise<Alert | null>;
  /** Idempotent: acknowledging an acknowledged or resolved alert returns it unchanged. */
  acknowledgeAlert(input: {
    id: string;
    userId: string;
    now: string;
  }): Promise<{ alert: Alert; changes: ChangeSet } | null>;

  /**
   * The manager's "to review" list, newest first: refused movements and stale or clamped counts
   * touching a warehouse in scope (either leg of a transfer) that nobody has decided on yet.
   */
  listReview(query: { scope: Scope; warehouseId?: string | undefined; limit: number }): Promise<ReviewItem[]>;
  /**
   * Records a decision on a movement of the list. The first decision stands: a second one returns
   * it unchanged. null when the movement is unknown, outside the scope, or needs no review.
   */
  decideReview(input: {
    movementId: string;
    decision: ReviewDecision;
    userId: string;
    scope: Scope;
    now: string;
  }): Promise<ReviewOutcome | null>;

  /** Every review decision, oldest first (what a store move carries). */
  listReviewDecisions(): Promise<ReviewOutcome[]>;

  /**
   * Records a scan of a code no product has: one entry per (code, warehouse). A new entry gets
   * `id`; a repeat counts one more, keeps the latest `scannedAt` with its user and device, and
   * reopens a dismissed entry when scanned after the dismissal.
   */
  reportUnknownCode(input: {
    id: string;
    code: string;
    warehouseId: string;
    deviceId: string | null;
    userId: string;
    scannedAt: string;
  }): Promise<UnknownCodeItem>;
  /**
   * Open unknown codes in scope, last seen first: not dismissed, and no product (archived or not)
   * carries the code, so creating or editing a product with it resolves the entry.
   */
  listUnknownCodes(query: {
    scope: Scope;
    warehouseId?: string | undefined;
    limit: number;
  }): Promise<UnknownCodeItem[]>;
  /** Dismisses an entry in scope (idempotent); null when unknown or outside the scope. */
  dismissUnknownCode(input: { id: string; scope: Scope; now: string }): Promise<UnknownCodeItem | null>;

  /**
   * Puts a whole site (an export) into this EMPTY store in one transaction: every row as given,
   * movements with their stored verdicts and the ledger legs those stand for, fresh seqs in the
   * given order. Throws StoreNotEmptyError when the store holds any user, warehouse, product or
   * movement; on any failure it writes nothing, so the store stays empty and importable.
   */
  loadSite(site: SiteImage): Promise<void>;

  pull<C extends SyncCollection>(collection: C, request: PullRequestFor<C>): Promise<PullPage<C>>;

  /**
   * Upserts the (user, device)'s last contact (and queued count when given); a new device id of
   * a user who already has `maxPerUser` is dropped (checked in the same statement).
   */
  recordDeviceContact(contact: DeviceContact): Promise<void>;
  /** Every (user, device), most recent contact first. */
  listDevices(): Promise<DeviceRecord[]>;
}

/** One stock row beside the sum of its ledger legs (I3: the two must be equal). */
export interface LedgerAudit {
  warehouseId: string;
  productId: string;
  qty: number;
  ledgerSum: number;
}
