import type { Alert, Product, RecordedMovement, Role, StockRow, Verdict, Warehouse } from '@stockline/protocol';
import { parseMovement } from '../movement-content';
import type { UserRecord } from '../port';

/** Rows as SQLite returns them, and their mapping to the protocol's documents. */

export interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  warehouse_ids: string;
  created_at: string;
  active: number;
}

export interface WarehouseRow {
  id: string;
  code: string;
  name: string;
  location: string | null;
  archived: number;
  updated_at: string;
  seq: number;
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  barcode: string | null;
  description: string | null;
  category: string | null;
  unit: string | null;
  archived: number;
  updated_at: string;
  seq: number;
}

export interface StockDbRow {
  warehouse_id: string;
  product_id: string;
  qty: number;
  threshold: number;
  reorder_qty: number;
  version: number;
  updated_at: string | null;
  seq: number;
}

export interface MovementRow {
  id: string;
  body: string;
  user_id: string;
  verdict: string;
  recorded_at: string;
  seq: number;
}

export interface AlertRow {
  id: string;
  warehouse_id: string;
  product_id: string;
  qty: number;
  threshold: number;
  status: Alert['status'];
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  movement_id: string | null;
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
  };
}

export function toWarehouse(r: WarehouseRow): Warehouse {
  return { id: r.id, code: r.code, name: r.name, location: r.location, archived: r.archived === 1, updatedAt: r.updated_at };
}

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    barcode: r.barcode,
    description: r.description,
    category: r.category,
    unit: r.unit,
    archived: r.archived === 1,
    updatedAt: r.updated_at,
  };
}

export function toStock(r: StockDbRow): StockRow {
  return {
    warehouseId: r.warehouse_id,
    productId: r.product_id,
    qty: r.qty,
    threshold: r.threshold,
    reorderQty: r.reorder_qty,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

export function toMovement(r: MovementRow): RecordedMovement {
  return { ...parseMovement(r.body), userId: r.user_id, recordedAt: r.recorded_at, verdict: JSON.parse(r.verdict) as Verdict };
}

export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    warehouseId: r.warehouse_id,
    productId: r.product_id,
    qty: r.qty,
    threshold: r.threshold,
    status: r.status,
    raisedAt: r.raised_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    movementId: r.movement_id,
  };
}
