import { z } from 'zod';
import { DeviceId, Id, IsoDateTime } from './common';
import { Barcode, ListOf } from './catalog';

/**
 * Codes a clerk scanned that no product has, reported so a manager on any device can create or
 * attach the product. One entry per (code, warehouse): a repeated report updates who, where and
 * when it was last seen and counts it. An entry leaves the list once a product carries the code
 * or a manager dismisses it.
 */
export const UnknownCodeReport = z.strictObject({
  code: Barcode,
  warehouseId: Id,
  deviceId: DeviceId().optional(),
  /** When the device saw it (a report may be sent later, from the device's queue). */
  scannedAt: IsoDateTime,
});
export type UnknownCodeReport = z.infer<typeof UnknownCodeReport>;

/** `username`: who scanned it last, as the manager knows them (null once the user is gone). */
export const UnknownCodeItem = z.object({
  id: Id,
  code: z.string(),
  warehouseId: Id,
  deviceId: z.string().nullable(),
  userId: Id,
  username: z.string().nullable().optional(),
  firstSeenAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  count: z.int().min(1),
});
export type UnknownCodeItem = z.infer<typeof UnknownCodeItem>;

export const UnknownCodeQuery = z.strictObject({ warehouseId: Id.optional() });
export type UnknownCodeQuery = z.infer<typeof UnknownCodeQuery>;

export const UnknownCodeList = ListOf(UnknownCodeItem);
export type UnknownCodeList = z.infer<typeof UnknownCodeList>;
