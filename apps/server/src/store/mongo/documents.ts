import { Alert, copierOf, Product, StockRow, Warehouse, type RecordedMovement, type Role, type Verdict } from '@stockline/protocol';
import type { Db } from 'mongodb';
import { parseMovement } from '../movement-content';
import type { UserRecord } from '../port';

/**
 * The MongoDB documents, one collection per SQLite table, with the same fields and the same
 * server sequence (`seq`). `_id` is the natural key so uniqueness is the database's job.
 */

export interface CounterDoc {
  _id: 'seq';
  value: number;
}

export interface UserDoc {
  _id: string;
  username: string;
  passwordHash: string;
  role: Role;
  warehouseIds: string[];
  createdAt: string;
  /** Absent on users created before token versions: read as 0. */
  tokenVersion?: number;
}

export type WarehouseDoc = Omit<Warehouse, 'id'> & { _id: string; seq: number };
export type ProductDoc = Omit<Product, 'id'> & { _id: string; seq: number };

/** `_id` is the domain's stockKey(warehouseId, productId); `low` mirrors qty < threshold so low lists use an index. */
export type StockDoc = StockRow & { _id: string; seq: number; low: boolean };

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

export function collectionsOf(db: Db) {
  return {
    counters: db.collection<CounterDoc>('counters'),
    users: db.collection<UserDoc>('users'),
    warehouses: db.collection<WarehouseDoc>('warehouses'),
    products: db.collection<ProductDoc>('products'),
    stock: db.collection<StockDoc>('stock'),
    movements: db.collection<MovementDoc>('movements'),
    ledger: db.collection<LedgerDoc>('ledger'),
    alerts: db.collection<AlertDoc>('alerts'),
    reviewDecisions: db.collection<ReviewDecisionDoc>('review_decisions'),
  };
}
export type Collections = ReturnType<typeof collectionsOf>;

/** Documents keep the protocol's `id` as MongoDB's `_id`; every other field under its own name. */
function idAsUnderscoreId(field: string): string {
  return field === 'id' ? '_id' : field;
}

export function toUser(d: UserDoc): UserRecord {
  return { id: d._id, username: d.username, passwordHash: d.passwordHash, role: d.role, warehouseIds: [...d.warehouseIds], createdAt: d.createdAt, tokenVersion: d.tokenVersion ?? 0 };
}

export const toWarehouse: (doc: WarehouseDoc) => Warehouse = copierOf(Warehouse, idAsUnderscoreId);

export const toProduct: (doc: ProductDoc) => Product = copierOf(Product, idAsUnderscoreId);

export const toStock: (doc: StockDoc) => StockRow = copierOf(StockRow);

export function toMovement(d: MovementDoc): RecordedMovement {
  return { ...parseMovement(d.body), userId: d.userId, recordedAt: d.recordedAt, verdict: JSON.parse(d.verdict) as Verdict };
}

export const toAlert: (doc: AlertDoc) => Alert = copierOf(Alert, idAsUnderscoreId);
