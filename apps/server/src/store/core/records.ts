import type {
  Alert,
  Checkpoint,
  Location,
  MovementInput,
  Product,
  RecordedMovement,
  Role,
  StockRow,
  SyncCollection,
  SyncDocumentOf,
  Verdict,
  Warehouse,
} from '@stockline/protocol';
import type { Pack, Scope } from '@stockline/domain';

/**
 * The records the Store port takes and gives back (port.ts): users, pushed batches and their
 * results, pull pages, ledger and product queries, stock settings, devices.
 */
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  warehouseIds: string[];
  createdAt: string;
  /** False once an admin deactivates the user: no login, no requests, no sockets. */
  active: boolean;
  /** Carried in every token; raised by every change to the user, so earlier tokens stop working. */
  tokenVersion: number;
}

export interface MovementBatch {
  userId: string;
  /** The caller's scope: a movement touching a warehouse outside it is rejected `forbidden_warehouse`. */
  scope: Scope;
  movements: MovementInput[];
  /** Server clock for recordedAt/updatedAt/raisedAt; injected so tests are deterministic. */
  now: string;
  /**
   * The restore settle window is open for this push (the epoch was renewed less than
   * RESTORE_SETTLE_MS ago, and the device understands a parked answer): a re-pushed application
   * the stock cannot take yet, and a new movement taking stock out, are parked instead of
   * decided (the domain's judgeMovement and ParkedRows).
   */
  settling?: boolean | undefined;
  /** Movements of this push parked by an earlier transaction of it: later ones on their rows wait behind them. */
  parkedEarlier?: readonly MovementInput[] | undefined;
}

/**
 * What a write changed, for the live stream and the alert fan-out: each document in its state
 * after the write (wire documents carry no seq; `checkpoint` is the highest one the write took).
 */
export interface ChangeSet {
  products: Product[];
  warehouses: Warehouse[];
  stock: StockRow[];
  movements: RecordedMovement[];
  /** Alerts raised or resolved by this write. */
  alerts: Alert[];
  /** Locations created or changed by this write (only location writes have any). */
  locations?: Location[];
  /** The highest seq the write assigned (0 if it changed nothing). */
  checkpoint: Checkpoint;
}

export interface ApplyResult {
  /** One per decided movement, in input order: every movement unless some were parked. */
  verdicts: Verdict[];
  /** Movements parked (only when `settling`): nothing stored, nothing changed. */
  parked?: string[];
  changes: ChangeSet;
}

export interface PullRequest {
  after: number;
  limit: number;
  scope: Scope;
}

/**
 * Movements are pulled back only by the user and device that recorded them, so a movements pull
 * names both (a device id alone is not a credential). The type is the one check: adapters take
 * `deviceId` and `userId` as given.
 */
export type PullRequestFor<C extends SyncCollection> = C extends 'movements'
  ? PullRequest & { deviceId: string; userId: string }
  : PullRequest;

export interface PullPage<C extends SyncCollection> {
  documents: SyncDocumentOf<C>[];
  /**
   * The seq of each document, in the same order (never sent: wire documents carry no seq). Lets
   * the sync service answer a later checkpoint from the same page (see services/shared-reads.ts).
   */
  seqs: number[];
  /** seq of the last document returned, or `after` when there is none. */
  checkpoint: Checkpoint;
  /** Changes in scope after this page. */
  remaining: number;
}

export interface LedgerRequest {
  scope: Scope;
  warehouseId?: string | undefined;
  productId?: string | undefined;
  userId?: string | undefined;
  deviceId?: string | undefined;
  type?: MovementInput['type'] | undefined;
  status?: Verdict['status'] | undefined;
  /** recordedAt bounds: from inclusive, to exclusive (ISO text). */
  from?: string | undefined;
  to?: string | undefined;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string | undefined;
  limit: number;
}

/**
 * The catalogue list. Every page is read in index order and stops at `limit`, so a page costs
 * the same at 100 or 100,000 products, however common the search text:
 * - no `q`: by name (case-insensitive), then id;
 * - `q` with no word of 3+ characters: names starting with it, by name;
 * - otherwise: products whose name, SKU or barcode contain every word of `q`, in any order,
 *   ignoring case and accents (foldText in the domain), most recently changed first.
 * With `q`, exact SKU and barcode matches come first on the first page (a page may hold up to
 * two items more than `limit`). `barcode` alone is an exact look-up; a
 * barcode (exact or in `q`) finds the product by its own barcode or one of its packs'.
 */
export interface ProductSearch {
  q?: string | undefined;
  barcode?: string | undefined;
  archived?: boolean | undefined;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string | undefined;
  limit: number;
}

export interface ProductSearchPage {
  items: Product[];
  nextCursor: string | null;
}

/** A product's editable fields; undefined leaves a field as it is, null clears it. */
export interface ProductPatch {
  sku?: string | undefined;
  name?: string | undefined;
  barcode?: string | null | undefined;
  description?: string | null | undefined;
  category?: string | null | undefined;
  unit?: string | null | undefined;
  /** The new list of packs, replacing the old one; undefined keeps it. */
  packs?: Pack[] | undefined;
  archived?: boolean | undefined;
}

/** One line of a product import, resolved: a new product (with its id) or a change to one. */
export type ProductUpsert =
  | {
      kind: 'create';
      id: string;
      sku: string;
      name: string;
      barcode: string | null;
      description: string | null;
      category: string | null;
      unit: string | null;
      packs: Pack[];
    }
  | { kind: 'update'; id: string; patch: ProductPatch };

export interface StockSetting {
  productId: string;
  threshold?: number | undefined;
  reorderQty?: number | undefined;
}

/** A device is known per user: the same device id under two users is two entries. */
export interface DeviceContact {
  deviceId: string;
  userId: string;
  at: string;
  /** The outbox length the device reported, when it did. */
  queued?: number | undefined;
  /** A device id the user does not have yet is not recorded once the user has this many. */
  maxPerUser: number;
}

export interface DeviceRecord {
  deviceId: string;
  userId: string;
  lastContactAt: string;
  queued: number | null;
  queuedAt: string | null;
}
