import { stockKey } from '@stockline/domain';
import type { Bins } from '@stockline/domain';
import { Alert, copierOf, Location, Product, StockRow, Warehouse } from '@stockline/protocol';
import type { LocalMovement } from '../types';

/**
 * Documents as the device stores them. They equal the wire types except for the fields RxDB
 * needs: a composite key for stock rows, and a non-null barcode key (RxDB cannot index a
 * nullable field) for products. The public API strips these again. Every mapper copies the
 * protocol schema's fields, so a field added there reaches the device without an edit here.
 */
export type ProductDoc = Product & { barcodeKey: string };
export type WarehouseDoc = Warehouse;
/** `bins`: the row's quantity per location holding some (protocol 7); absent when none does. */
export type StockDoc = StockRow & { id: string; bins?: Bins };
/** A location with lower-cased code and non-null barcode keys, both indexed for scans. */
export type LocationDoc = Location & { codeKey: string; barcodeKey: string };
export type MovementDoc = LocalMovement;
export type AlertDoc = Alert;

const productOf: (source: Product) => Product = copierOf(Product);
const stockRowOf: (source: StockRow) => StockRow = copierOf(StockRow);

export function toProductDoc(product: Product): ProductDoc {
  return { ...productOf(product), barcodeKey: product.barcode ?? '' };
}

export const fromProductDoc: (doc: ProductDoc) => Product = productOf;

export function toStockDoc(row: StockRow & { bins?: Bins | undefined }): StockDoc {
  const doc: StockDoc = { id: stockKey(row.warehouseId, row.productId), ...stockRowOf(row) };
  // Absent rather than undefined: the stored document has no such key when no bin holds any.
  if (row.bins && Object.keys(row.bins).length > 0) doc.bins = { ...row.bins };
  else delete doc.bins;
  return doc;
}

const locationOf: (source: Location) => Location = copierOf(Location);

export function toLocationDoc(location: Location): LocationDoc {
  return { ...locationOf(location), codeKey: location.code.toLowerCase(), barcodeKey: location.barcode ?? '' };
}

export const fromLocationDoc: (doc: LocationDoc) => Location = locationOf;

export const fromStockDoc: (doc: StockDoc) => StockRow = stockRowOf;

export const toWarehouseDoc: (warehouse: Warehouse) => WarehouseDoc = copierOf(Warehouse);

export const toAlertDoc: (alert: Alert) => AlertDoc = copierOf(Alert);
