import { z } from 'zod';
import { Id, IsoDateTime, StockQty } from './common';

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

/**
 * Raised when a row steps from not-low to low (I6). `qty` is the quantity that crossed;
 * it is resolved by the server when the row recovers, acknowledged by a manager.
 */
export const Alert = z.object({
  id: Id,
  warehouseId: Id,
  productId: Id,
  qty: StockQty,
  threshold: StockQty,
  status: AlertStatus,
  raisedAt: IsoDateTime,
  acknowledgedAt: IsoDateTime.nullable(),
  acknowledgedBy: Id.nullable(),
  resolvedAt: IsoDateTime.nullable(),
  /** The movement that made the row low, or null when a raised threshold did. */
  movementId: Id.nullable(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertQuery = z.strictObject({
  status: AlertStatus.optional(),
  warehouseId: Id.optional(),
  productId: Id.optional(),
});
export type AlertQuery = z.infer<typeof AlertQuery>;

/** An alert in the history list, with the name of whoever acknowledged it. */
export const AlertEntry = Alert.extend({ acknowledgedByName: z.string().nullable() });
export type AlertEntry = z.infer<typeof AlertEntry>;
