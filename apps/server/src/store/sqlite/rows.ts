import { Alert, copierOf, Product, StockRow, Warehouse, type RecordedMovement, type Role, type Verdict } from '@stockline/protocol';
import { parseMovement } from '../movement-content';
import type { UserRecord } from '../port';

/** Rows as SQLite returns them, and their mapping to the protocol's documents. */

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
  token_version: number;
}

export type WarehouseRow = SnakeCased<Warehouse> & { seq: number };
export type ProductRow = SnakeCased<Product> & { seq: number };
export type StockDbRow = SnakeCased<StockRow> & { seq: number };
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
    tokenVersion: r.token_version,
  };
}

export const toWarehouse: (row: WarehouseRow) => Warehouse = copierOf(Warehouse, snakeCase);

export const toProduct: (row: ProductRow) => Product = copierOf(Product, snakeCase);

export const toStock: (row: StockDbRow) => StockRow = copierOf(StockRow, snakeCase);

export function toMovement(r: MovementRow): RecordedMovement {
  return { ...parseMovement(r.body), userId: r.user_id, recordedAt: r.recorded_at, verdict: JSON.parse(r.verdict) as Verdict };
}

export const toAlert: (row: AlertRow) => Alert = copierOf(Alert, snakeCase);
