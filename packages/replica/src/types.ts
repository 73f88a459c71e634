import type { Observable } from 'rxjs';
import type {
  Alert,
  ErrorCode,
  Location,
  MovementInput,
  Product,
  StockRow,
  User,
  Verdict,
  Warehouse,
} from '@stockline/protocol';

/**
 * The public face of a device replica: what the scanner app (and tests) may rely on.
 * Everything here works offline: the device database and its replication. Calls that need the
 * server (review, unknown codes, thresholds, the office) go through the app's online API.
 */

export interface SyncError {
  code: ErrorCode | 'network' | 'unreadable';
  message: string;
  at: string;
}

export interface ReplicaStatus {
  /** The server answered the last request and the live stream is connected. */
  online: boolean;
  /** Movements recorded on this device still waiting for a verdict. */
  pending: number;
  /** Rejected movements the user has not dismissed yet. */
  rejected: number;
  lastSyncedAt: string | null;
  uploadError: SyncError | null;
  downloadError: SyncError | null;
  /** 'expired' or 'forbidden' stops retries until a new token is given (see setToken). */
  auth: 'ok' | 'expired' | 'forbidden';
  /** First sync of this device: false until every collection has caught up once. */
  initialSyncDone: boolean;
  /** 0..1, for a progress bar during the first sync. */
  initialSyncProgress: number;
  /**
   * The server cannot serve this app's protocol version (426): syncing stops, nothing queued is
   * dropped, and the app asks for an update. Cleared once a request succeeds again.
   */
  updateRequired: boolean;
  /** The server said it is restarting (drain on SIGTERM); false again once reconnected. */
  serverRestarting: boolean;
}

export type MovementState = 'pending' | 'applied' | 'rejected';

/** A movement as the device keeps it: what was recorded, and the server's verdict once known. */
export type LocalMovement = MovementInput & {
  state: MovementState;
  /**
   * Set when the server answered. A pending movement keeps it only when it was queued again after
   * a restore of the server's store: it is then sent as the verdict the device holds.
   */
  verdict: Verdict | null;
  /** Local time of recording, for sorting the outbox. */
  recordedAt: string;
  /** A rejected movement stays visible until the user dismisses it. */
  dismissed: boolean;
};

export interface Availability {
  warehouseId: string;
  productId: string;
  /** The server's quantity, as last pulled. */
  serverQty: number;
  /** The sum of this device's pending deltas for the row. */
  pendingDelta: number;
  /** serverQty + pendingDelta, never below zero. */
  available: number;
  threshold: number;
  version: number;
  /** The row's version once this device's pending movements on it are applied: a count's base. */
  versionAfterPending: number;
  /** True while pendingDelta comes from movements not yet answered. */
  pending: boolean;
  /** The bins that hold some of it (available > 0), by code; empty in a warehouse without bins. */
  bins: BinAvailability[];
}

/** A product's quantity in one bin of a warehouse, as this device sees it now. */
export interface BinAvailability {
  locationId: string;
  /** The location's code, for showing ("A-01-02"). */
  code: string;
  /** The bin's quantity as last pulled. */
  serverQty: number;
  /** This device's pending deltas into or out of the bin. */
  pendingDelta: number;
  /** serverQty + pendingDelta, never below zero. */
  available: number;
}

/** One product the device believes is in a bin: a line of a count-by-bin sheet. */
export interface BinContent {
  productId: string;
  /** What the device expects there now: the pulled bin quantity with pending deltas. */
  expectedQty: number;
}

export interface QuantityArgs {
  warehouseId: string;
  productId: string;
  quantity: number;
  /** The bin the stock comes from or goes to; absent: the warehouse as a whole, as before bins. */
  locationId?: string;
}

export interface Replica {
  readonly deviceId: string;
  readonly user: User;
  readonly status$: Observable<ReplicaStatus>;
  status(): ReplicaStatus;

  products$(search?: string): Observable<Product[]>;
  /** Looks a scanned code up by barcode (UPC-A or EAN-13 spelling), then by SKU ignoring case. */
  findByCode(code: string): Promise<Product | null>;
  /** Name (case- and accent-insensitive), SKU or barcode substring; likeliest first. Offline. */
  searchProducts(search: string, limit?: number): Promise<Product[]>;
  warehouses$(): Observable<Warehouse[]>;
  /** One entry per warehouse in scope, pending deltas included. */
  availability$(productId: string): Observable<Availability[]>;
  /** The same as it is now, at once: what a scan shows before the live query's first answer. */
  availabilityNow(productId: string): Promise<Availability[]>;
  lowStock$(warehouseId: string): Observable<StockRow[]>;
  /** The stock rows as last pulled from the server (no pending deltas), optionally narrowed. */
  stock$(filter?: { warehouseId?: string; productId?: string }): Observable<StockRow[]>;

  purchase(args: QuantityArgs): Promise<LocalMovement>;
  return(args: QuantityArgs): Promise<LocalMovement>;
  restock(args: QuantityArgs): Promise<LocalMovement>;
  /**
   * A move to another warehouse, or inside one between bins: putaway is a transfer to the same
   * warehouse with no `locationId` (from stock in no bin) and a `toLocationId`.
   */
  transfer(args: QuantityArgs & { toWarehouseId: string; toLocationId?: string }): Promise<LocalMovement>;
  /**
   * Records a physical count; expectedQty and baseVersion are read from this replica now. With a
   * `locationId` it counts that bin: expectedQty is the bin's available quantity.
   */
  count(args: {
    warehouseId: string;
    productId: string;
    countedQty: number;
    locationId?: string;
  }): Promise<LocalMovement>;

  /** The locations (bins) of a warehouse in scope, archived ones included, by code. Offline. */
  locations$(warehouseId: string): Observable<Location[]>;
  /**
   * A scanned code that names a location: its barcode, or its code ignoring case (a code is
   * unique per warehouse only, so a code match is looked for in `warehouseId` when given). Offline.
   */
  findLocationByCode(code: string, warehouseId?: string): Promise<Location | null>;
  /** What the device expects in one bin now: every product with expectedQty > 0, by product. */
  binContents$(warehouseId: string, locationId: string): Observable<BinContent[]>;

  /** Newest first. */
  movements$(filter?: {
    states?: MovementState[];
    includeDismissed?: boolean;
    limit?: number;
  }): Observable<LocalMovement[]>;
  /** One movement as it moves from pending to its verdict; null if unknown here. */
  movement$(movementId: string): Observable<LocalMovement | null>;
  dismiss(movementId: string): Promise<void>;
  /** Deletes answered movements older than the date from this device only (never pushed). */
  pruneAnswered(olderThan: Date): Promise<number>;

  alerts$(filter?: { status?: Alert['status'] }): Observable<Alert[]>;
  /** Alerts as they are raised, live, for pop-ups (also ones raised while offline, once). */
  readonly newAlerts$: Observable<Alert>;
  acknowledge(alertId: string): Promise<void>;

  /** Replace the bearer token (after a new login); resumes a sync stopped on 401. */
  setToken(token: string): void;
  /** Pull everything now (also done on every reconnect). */
  resync(): void;
  /** Resolves when nothing is pending and every collection has caught up with the server. */
  awaitInSync(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /**
   * Signing out on a shared device: closes the replica and deletes what was pulled for this user
   * (products, warehouses, stock, alerts, movements with their verdicts, sync checkpoints). Only
   * the movements not yet sent stay, in this user's database, to be sent at their next sign-in.
   */
  signOut(): Promise<void>;
}
