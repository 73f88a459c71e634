import { z } from 'zod';
import { Id, IsoDateTime, QueryBool } from './common';

/** Columns of a product CSV; `sku` and `name` must be in the header, the rest may be. */
export const PRODUCT_CSV_COLUMNS = ['sku', 'name', 'barcode', 'description', 'category', 'unit', 'packs'] as const;
export const PRODUCT_CSV_REQUIRED = ['sku', 'name'] as const;
/** Columns the product export adds; an import accepts and ignores them, so an export reads back as is. */
export const PRODUCT_CSV_IGNORED = ['id', 'archived'] as const;
/** Columns of an opening-stock CSV; `sku` must be in the header. */
export const STOCK_CSV_COLUMNS = ['sku', 'qty', 'threshold', 'reorderQty'] as const;
export const STOCK_CSV_REQUIRED = ['sku'] as const;
/**
 * Columns of a locations (bins) CSV, imported into one warehouse; `code` must be in the header.
 * A line whose code exists updates that bin's name and barcode; an empty name is the code, an
 * empty barcode none. A column left out leaves that field as it is.
 */
export const LOCATION_CSV_COLUMNS = ['code', 'name', 'barcode'] as const;
export const LOCATION_CSV_REQUIRED = ['code'] as const;

/** The device id stamped on the count movements a stock import records. */
export const IMPORT_DEVICE_ID = 'import';

export const ImportQuery = z.strictObject({
  /** Defaults to a dry run: nothing changes unless the caller says dryRun=false. */
  dryRun: QueryBool.default(true),
  /** Apply the valid lines of a file that has errors (otherwise such a file applies nothing). */
  skipInvalid: QueryBool.default(false),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const StockImportQuery = ImportQuery.extend({ warehouseId: Id });
export type StockImportQuery = z.infer<typeof StockImportQuery>;

export const ImportLineError = z.object({
  /** As a spreadsheet numbers it: the header is line 1. */
  line: z.int().min(1),
  message: z.string(),
});
export type ImportLineError = z.infer<typeof ImportLineError>;

export const ImportResult = z.object({
  dryRun: z.boolean(),
  skipInvalid: z.boolean(),
  /** False on a dry run, and when errors stopped a real import (nothing changed then). */
  applied: z.boolean(),
  created: z.int().min(0),
  updated: z.int().min(0),
  unchanged: z.int().min(0),
  errors: z.array(ImportLineError),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const StockExportQuery = z.strictObject({ warehouseId: Id });
export type StockExportQuery = z.infer<typeof StockExportQuery>;

/** A device as the server last heard from it. */
export const DeviceStatus = z.object({
  deviceId: z.string(),
  userId: Id,
  username: z.string().nullable(),
  lastContactAt: IsoDateTime,
  /** The outbox length the device last reported, or null if it never did. */
  queued: z.int().min(0).nullable(),
  queuedAt: IsoDateTime.nullable(),
});
export type DeviceStatus = z.infer<typeof DeviceStatus>;
