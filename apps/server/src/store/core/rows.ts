import {
  Alert,
  copierOf,
  Product,
  StockRow,
  Warehouse,
  type RecordedMovement,
  type Role,
  type UnknownCodeItem,
  type Verdict,
} from '@stockline/protocol';
import { parseMovement } from './movement-content';
import type { UserRecord } from './port';
import { binsText, withBinsText, type StoredStockRow } from './stored-stock';

/** Rows as the SQL stores (SQLite, PostgreSQL) return them, and their mapping to the protocol's documents. */

/** `updatedAt` → `updated_at`: how the columns name the schemas' fields. */
function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

type Snake<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${Snake<Tail>}`
  : S;

/** A document's fields under their snake_case column names, typed from the document's type. */
type SnakeCased<T> = { [K in keyof T & string as Snake<K>]: T[K] };

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  warehouse_ids: string;
  created_at: string;
  active: number;
  token_version: number;
}

/** SQLite has no boolean: flags are stored as 0/1 integers. */
export type WarehouseRow = Omit<SnakeCased<Warehouse>, 'archived'> & { archived: number; seq: number };
/** `packs` is JSON text (absent from rows read before the column existed: none). */
export type ProductRow = Omit<SnakeCased<Product>, 'archived' | 'packs'> & {
  archived: number;
  packs?: string | null;
  seq: number;
};
/** `bins`: the row's quantity per location as JSON text, NULL when no bin holds any (stored-stock.ts). */
export type StockDbRow = SnakeCased<StockRow> & { seq: number; bins?: string | null };
export type AlertRow = SnakeCased<Alert> & { seq: number };

export interface MovementRow {
  id: string;
  body: string;
  user_id: string;
  verdict: string;
  recorded_at: string;
  seq: number;
}

export function toUser(r: UserRow): UserRecord {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    warehouseIds: JSON.parse(r.warehouse_ids) as string[],
    createdAt: r.created_at,
    active: r.active === 1,
    tokenVersion: r.token_version,
  };
}

const copyWarehouse = copierOf(Warehouse, snakeCase);
const copyProduct = copierOf(Product, snakeCase);

export const toWarehouse = (row: WarehouseRow): Warehouse => ({ ...copyWarehouse(row), archived: row.archived === 1 });

export const toProduct = (row: ProductRow): Product => ({
  ...copyProduct(row),
  packs: row.packs ? (JSON.parse(row.packs) as Product['packs']) : [],
  archived: row.archived === 1,
});

export const toStock: (row: StockDbRow) => StockRow = copierOf(StockRow, snakeCase);

/** The row with its bins, as the push path decides on it. */
export const toStoredStock = (row: StockDbRow): StoredStockRow => withBinsText(toStock(row), row.bins);

export function toMovement(r: MovementRow): RecordedMovement {
  return {
    ...parseMovement(r.body),
    userId: r.user_id,
    recordedAt: r.recorded_at,
    verdict: JSON.parse(r.verdict) as Verdict,
  };
}

export const toAlert: (row: AlertRow) => Alert = copierOf(Alert, snakeCase);

/** An unknown_codes row. */
export interface UnknownCodeRow {
  id: string;
  code: string;
  warehouse_id: string;
  device_id: string | null;
  user_id: string;
  first_seen_at: string;
  last_seen_at: string;
  seen_count: number | string;
}

export function toUnknownCode(row: UnknownCodeRow): UnknownCodeItem {
  return {
    id: row.id,
    code: row.code,
    warehouseId: row.warehouse_id,
    deviceId: row.device_id,
    userId: row.user_id,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    count: Number(row.seen_count),
  };
}

/** A stock row as its table holds it, with the seq of its last change. */
export function stockDbRow(row: StoredStockRow, seq: number): StockDbRow {
  return {
    bins: binsText(row.bins),
    warehouse_id: row.warehouseId,
    product_id: row.productId,
    qty: row.qty,
    threshold: row.threshold,
    reorder_qty: row.reorderQty,
    version: row.version,
    updated_at: row.updatedAt,
    seq,
  };
}
