import { z } from 'zod';
import { Barcode } from './catalog';
import { Id, IsoDateTime, StockQty, Text, Version } from './common';
import { LabelLayout } from './labels';
import { StockRow } from './stock';

/**
 * A location (bin, shelf) inside a warehouse. `code` is unique per warehouse regardless of case;
 * `barcode` is unique across locations and products' barcodes, so a scan names one thing.
 * Archived: takes no new movements; its stock and history stay readable.
 */
export const Location = z.object({
  id: Id,
  warehouseId: Id,
  code: z.string(),
  name: z.string(),
  barcode: z.string().nullable(),
  archived: z.boolean(),
  updatedAt: IsoDateTime,
});
export type Location = z.infer<typeof Location>;

export const LocationCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');

/** `POST /warehouses/:w/locations`; a missing name is the code. */
export const CreateLocationRequest = z.strictObject({
  code: LocationCode,
  name: Text(200).optional(),
  barcode: Barcode.optional(),
});
export type CreateLocationRequest = z.infer<typeof CreateLocationRequest>;

/** `PATCH /locations/:id`: any of name, barcode (null clears it) and archived; at least one. */
export const UpdateLocationRequest = z
  .strictObject({
    name: Text(200).optional(),
    barcode: Barcode.nullable().optional(),
    archived: z.boolean().optional(),
  })
  .refine((l) => l.name !== undefined || l.barcode !== undefined || l.archived !== undefined, {
    message: 'give at least one of name, barcode, archived',
  });
export type UpdateLocationRequest = z.infer<typeof UpdateLocationRequest>;

/** One bin's share of a stock row. */
export const LocationQty = z.object({ locationId: Id, code: z.string(), qty: StockQty });
export type LocationQty = z.infer<typeof LocationQty>;

/**
 * `GET /stock/:w/:p` (protocol 6): the row and, in a warehouse that has locations, the bins that
 * hold some of it, by code (a warehouse without locations answers the row as before).
 */
export const StockRowWithLocations = StockRow.extend({ locations: z.array(LocationQty).optional() });
export type StockRowWithLocations = z.infer<typeof StockRowWithLocations>;

/** `GET /stock?warehouseId=&locationId=`: a product's quantity in one bin; `version` is its row's. */
export const BinStockRow = z.object({
  warehouseId: Id,
  locationId: Id,
  productId: Id,
  qty: StockQty,
  version: Version,
  updatedAt: IsoDateTime.nullable(),
});
export type BinStockRow = z.infer<typeof BinStockRow>;

/** `GET /labels/locations.pdf?warehouseId=…&layout=…`: a label per active location of the warehouse, by code. */
export const LocationLabelsQuery = z.strictObject({ warehouseId: Id, layout: LabelLayout });
export type LocationLabelsQuery = z.infer<typeof LocationLabelsQuery>;
