import { productSearchText } from '@stockline/domain';
import type { Bins } from '@stockline/domain';
import type { StoredStockRow } from '../core/stored-stock';
import {
  Alert,
  copierOf,
  Product,
  StockRow,
  Warehouse,
  type RecordedMovement,
  type Role,
  type Verdict,
} from '@stockline/protocol';
import type { Db } from 'mongodb';
import { parseMovement } from '../core/movement-content';
import type { UserRecord } from '../core/port';

/**
 * The MongoDB documents, one collection per SQLite table, with the same fields and the same
 * server sequence (`seq`). `_id` is the natural key so uniqueness is the database's job.
 */

/** Facts about the store itself: its epoch (see Store.epoch), the search text fold done. */
export interface MetaDoc {
  _id: 'epoch' | 'search-text';
  value: string;
  /** On the epoch: when it was last renewed (Store.epochRenewedAt); absent for the first epoch. */
  renewedAt?: string;
}

export interface CounterDoc {
  /**
   * 'seq': the server sequence; 'admin-guard': written by every change that takes an admin away;
   * 'users-changed': raised by every change to a user (Store.usersStamp).
   */
  _id: 'seq' | 'admin-guard' | 'users-changed';
  value: number;
}

export interface UserDoc {
  _id: string;
  username: string;
  passwordHash: string;
  role: Role;
  warehouseIds: string[];
  createdAt: string;
  /** Absent on users created before deactivation existed: active. */
  active?: boolean;
  /** Absent on users created before token versions: read as 0. */
  tokenVersion?: number;
}

/** Fields added later are optional in stored documents and read with their defaults. */
export type WarehouseDoc = Omit<Warehouse, 'id' | 'archived'> & { _id: string; seq: number; archived?: boolean };

/**
 * `nameKey` is the lower-cased name (page order and short prefix searches). `searchText` is
 * the folded name, SKU and barcode (productSearchText in the domain), `searchGrams` its
 * distinct trigrams (multikey index): a search asks for all of its words' trigrams.
 */
export type ProductDoc = Omit<Product, 'id' | 'unit' | 'packs' | 'archived'> & {
  _id: string;
  seq: number;
  unit?: string | null;
  /** Absent on products written before pack barcodes: none. */
  packs?: Product['packs'];
  /** Every code the product carries, its barcode and its packs' (unique multikey index; product-packs.ts). */
  codes?: string[];
  archived?: boolean;
  nameKey?: string;
  searchText?: string;
  searchGrams?: string[];
};

/** `_id` is the domain's stockKey(warehouseId, productId); `low` mirrors qty < threshold so low lists use an index. */
export type StockDoc = Omit<StockRow, 'reorderQty'> & {
  _id: string;
  seq: number;
  low: boolean;
  reorderQty?: number;
  /** Quantity per location (bin) holding some; absent when none does (core/stored-stock.ts). */
  bins?: Bins;
};

export interface DeviceDoc {
  /** userId, NUL, deviceId (see mongo/office.ts); the device id alone before devices were per user. */
  _id: string;
  deviceId?: string;
  userId: string;
  lastContactAt: string;
  queued: number | null;
  queuedAt: string | null;
}

export interface MovementDoc {
  _id: string;
  /** Canonical JSON of the device's movement: the idempotency content. */
  body: string;
  userId: string;
  deviceId: string | null;
  warehouseId: string;
  toWarehouseId: string | null;
  productId: string;
  status: Verdict['status'];
  /** The first verdict as JSON text, returned unchanged on every replay. */
  verdict: string;
  recordedAt: string;
  seq: number;
}

/** A location (bin); `codeKey` is the code lower-cased, unique per warehouse. */
export interface LocationDoc {
  _id: string;
  warehouseId: string;
  code: string;
  codeKey: string;
  name: string;
  barcode: string | null;
  archived: boolean;
  updatedAt: string;
  /** Taken inside every write, like a warehouse's; devices pull locations by it (protocol 7). */
  seq: number;
}

/** One applied leg's part in one bin; `_id` is `movementId:locationId`. */
export interface BinLedgerDoc {
  _id: string;
  movementId: string;
  locationId: string;
  warehouseId: string;
  productId: string;
  delta: number;
}

export interface LedgerDoc {
  _id: string;
  movementId: string;
  warehouseId: string;
  productId: string;
  delta: number;
}

/** `key` is the stock row's `_id`; `unresolved` is set only while open or acknowledged (I6 index). */
export type AlertDoc = Omit<Alert, 'id'> & { _id: string; seq: number; key: string; unresolved?: true };

/** A manager's decision on a movement of the review list; `_id` is the movement's id. */
export interface ReviewDecisionDoc {
  _id: string;
  decision: 'accepted' | 'recount';
  decidedBy: string;
  decidedAt: string;
}

/** A code clerks scanned that no product has, one per (code, warehouseId); `_id` is its id. */
export interface UnknownCodeDoc {
  _id: string;
  code: string;
  warehouseId: string;
  deviceId: string | null;
  userId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  seenCount: number;
  dismissedAt?: string | null;
}

export function collectionsOf(db: Db) {
  return {
    counters: db.collection<CounterDoc>('counters'),
    meta: db.collection<MetaDoc>('store_meta'),
    users: db.collection<UserDoc>('users'),
    warehouses: db.collection<WarehouseDoc>('warehouses'),
    products: db.collection<ProductDoc>('products'),
    stock: db.collection<StockDoc>('stock'),
    movements: db.collection<MovementDoc>('movements'),
    ledger: db.collection<LedgerDoc>('ledger'),
    locations: db.collection<LocationDoc>('locations'),
    binLedger: db.collection<BinLedgerDoc>('bin_ledger'),
    alerts: db.collection<AlertDoc>('alerts'),
    devices: db.collection<DeviceDoc>('devices'),
    reviewDecisions: db.collection<ReviewDecisionDoc>('review_decisions'),
    unknownCodes: db.collection<UnknownCodeDoc>('unknown_codes'),
  };
}
export type Collections = ReturnType<typeof collectionsOf>;

/** Documents keep the protocol's `id` as MongoDB's `_id`; every other field under its own name. */
function idAsUnderscoreId(field: string): string {
  return field === 'id' ? '_id' : field;
}

export function toUser(d: UserDoc): UserRecord {
  return {
    id: d._id,
    username: d.username,
    passwordHash: d.passwordHash,
    role: d.role,
    warehouseIds: [...d.warehouseIds],
    createdAt: d.createdAt,
    tokenVersion: d.tokenVersion ?? 0,
    active: d.active ?? true,
  };
}

const copyWarehouse = copierOf(Warehouse, idAsUnderscoreId);
const copyProduct = copierOf(Product, idAsUnderscoreId);
const copyStock = copierOf(StockRow);

// Documents written before a field existed lack it: they read with the field's default.
export const toWarehouse = (doc: WarehouseDoc): Warehouse => ({
  ...copyWarehouse(doc),
  archived: doc.archived ?? false,
});

export const toProduct = (doc: ProductDoc): Product => ({
  ...copyProduct(doc),
  unit: doc.unit ?? null,
  packs: doc.packs ?? [],
  archived: doc.archived ?? false,
});

export const toStock = (doc: StockDoc): StockRow => ({ ...copyStock(doc), reorderQty: doc.reorderQty ?? 0 });

/** The row with its bins, as the push path decides on it. */
export const toStoredStock = (doc: StockDoc): StoredStockRow =>
  doc.bins ? { ...toStock(doc), bins: doc.bins } : toStock(doc);

export function toMovement(d: MovementDoc): RecordedMovement {
  return {
    ...parseMovement(d.body),
    userId: d.userId,
    recordedAt: d.recordedAt,
    verdict: JSON.parse(d.verdict) as Verdict,
  };
}

export const toAlert: (doc: AlertDoc) => Alert = copierOf(Alert, idAsUnderscoreId);

/** Lower-cased (full Unicode folding), so search and page order ignore case. */
export function nameKeyOf(name: string): string {
  return name.toLowerCase();
}

/** The distinct 3-character windows of a lower-cased text (by code point). */
export function trigramsOf(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) grams.add(chars.slice(i, i + 3).join(''));
  return [...grams];
}

/** The derived search fields of a product document. */
export function searchFieldsOf(product: { name: string; sku: string; barcode: string | null }): {
  nameKey: string;
  searchText: string;
  searchGrams: string[];
} {
  const searchText = productSearchText(product);
  return { nameKey: nameKeyOf(product.name), searchText, searchGrams: trigramsOf(searchText) };
}
