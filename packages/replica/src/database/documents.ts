import { stockKey } from '@stockline/domain';
import { Alert, copierOf, Product, StockRow, Warehouse } from '@stockline/protocol';
import type { LocalMovement } from '../types';

/**
 * Documents as the device stores them. They equal the wire types except for the fields RxDB
 * needs: a composite key for stock rows, and a non-null barcode key (RxDB cannot index a
 * nullable field) for products. The public API strips these again. Every mapper copies the
 * protocol schema's fields, so a field added there reaches the device without an edit here.
 */
export type ProductDoc = Product & { barcodeKey: string };
export type WarehouseDoc = Warehouse;
export type StockDoc = StockRow & { id: string };
export type MovementDoc = LocalMovement;
export type AlertDoc = Alert;

const productOf: (source: Product) => Product = copierOf(Product);
const stockRowOf: (source: StockRow) => StockRow = copierOf(StockRow);

export function toProductDoc(product: Product): ProductDoc {
  return { ...productOf(product), barcodeKey: product.barcode ?? '' };
}

export const fromProductDoc: (doc: ProductDoc) => Product = productOf;

export function toStockDoc(row: StockRow): StockDoc {
  return { id: stockKey(row.warehouseId, row.productId), ...stockRowOf(row) };
}

export const fromStockDoc: (doc: StockDoc) => StockRow = stockRowOf;

export const toWarehouseDoc: (warehouse: Warehouse) => WarehouseDoc = copierOf(Warehouse);

export const toAlertDoc: (alert: Alert) => AlertDoc = copierOf(Alert);
