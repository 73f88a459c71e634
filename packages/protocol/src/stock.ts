import { z } from 'zod';
import { Id, IsoDateTime, QueryBool, StockQty, Version } from './common';

/** One (warehouse, product) row. A product never moved somewhere reads as qty 0, version 0. */
export const StockRow = z.object({
  warehouseId: Id,
  productId: Id,
  qty: StockQty,
  threshold: StockQty,
  /** What a manager orders when the row is low; 0 = not set (see suggestedReorderQty). */
  reorderQty: StockQty,
  version: Version,
  updatedAt: IsoDateTime.nullable(),
});
export type StockRow = z.infer<typeof StockRow>;

export const StockQuery = z.strictObject({
  warehouseId: Id.optional(),
  /** One bin's rows (needs `warehouseId`): answered as BinStockRow items. */
  locationId: Id.optional(),
  productId: Id.optional(),
  low: QueryBool.optional(),
});
export type StockQuery = z.infer<typeof StockQuery>;

export const ThresholdRequest = z.strictObject({ threshold: StockQty });
export type ThresholdRequest = z.infer<typeof ThresholdRequest>;

export const ReorderRequest = z.strictObject({ reorderQty: StockQty });
export type ReorderRequest = z.infer<typeof ReorderRequest>;
