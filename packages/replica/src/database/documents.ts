import type { Alert, Product, StockRow, Warehouse } from '@stockline/protocol';
import type { LocalMovement } from '../types';

/**
 * Documents as the device stores them. They equal the wire types except for the fields RxDB
 * needs: a composite key for stock rows, and a non-null barcode key (RxDB cannot index a
 * nullable field) for products. The public API strips these again.
 */
export type ProductDoc = Product & { barcodeKey: string };
export type WarehouseDoc = Warehouse;
export type StockDoc = StockRow & { id: string };
export type MovementDoc = LocalMovement;
export type AlertDoc = Alert;

export const STOCK_KEY_SEPARATOR = '|';

export function stockId(warehouseId: string, productId: string): string {
  return warehouseId + STOCK_KEY_SEPARATOR + productId;
}

export function toProductDoc(product: Product): ProductDoc {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    barcode: product.barcode,
    description: product.description,
    category: product.category,
    unit: product.unit,
    archived: product.archived,
    updatedAt: product.updatedAt,
    barcodeKey: product.barcode ?? '',
  };
}

export function fromProductDoc(doc: ProductDoc): Product {
  return {
    id: doc.id,
    sku: doc.sku,
    name: doc.name,
    barcode: doc.barcode,
    description: doc.description,
    category: doc.category,
    unit: doc.unit,
    archived: doc.archived,
    updatedAt: doc.updatedAt,
  };
}

export function toStockDoc(row: StockRow): StockDoc {
  return {
    id: stockId(row.warehouseId, row.productId),
    warehouseId: row.warehouseId,
    productId: row.productId,
    qty: row.qty,
    threshold: row.threshold,
    reorderQty: row.reorderQty,
    version: row.version,
    updatedAt: row.updatedAt,
  };
}

export function fromStockDoc(doc: StockDoc): StockRow {
  return {
    warehouseId: doc.warehouseId,
    productId: doc.productId,
    qty: doc.qty,
    threshold: doc.threshold,
    reorderQty: doc.reorderQty,
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}

export function toWarehouseDoc(w: Warehouse): WarehouseDoc {
  return { id: w.id, code: w.code, name: w.name, location: w.location, archived: w.archived, updatedAt: w.updatedAt };
}

export function toAlertDoc(a: Alert): AlertDoc {
  return {
    id: a.id,
    warehouseId: a.warehouseId,
    productId: a.productId,
    qty: a.qty,
    threshold: a.threshold,
    status: a.status,
    raisedAt: a.raisedAt,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    resolvedAt: a.resolvedAt,
    movementId: a.movementId,
  };
}
