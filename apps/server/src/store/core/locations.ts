import type { Location } from '@stockline/protocol';
import type { ChangeSet } from './records';

/** The records of the Store port's locations (bins inside a warehouse). */

export interface NewLocation {
  id: string;
  warehouseId: string;
  code: string;
  name: string;
  barcode: string | null;
  now: string;
}

/** A location's editable fields; undefined leaves a field as it is, null clears the barcode. */
export interface LocationPatch {
  id: string;
  name?: string | undefined;
  barcode?: string | null | undefined;
  archived?: boolean | undefined;
  now: string;
}

/** A product's quantity in one bin; `version` and `updatedAt` are its stock row's. */
export interface BinStock {
  warehouseId: string;
  locationId: string;
  productId: string;
  qty: number;
  version: number;
  updatedAt: string | null;
}

/** Which bins' stock to list: one warehouse's, optionally one product's or one bin's. */
export interface BinStockQuery {
  warehouseId: string;
  productId?: string | undefined;
  locationId?: string | undefined;
}

/**
 * What every adapter adds to the Store port for locations. A location's code is unique per
 * warehouse regardless of case, its barcode unique among locations and products' barcodes
 * (DuplicateKeyError 'code' / 'barcode'); creating one in an unknown warehouse throws
 * UnknownWarehouseError. A create or change takes a seq inside its write, like a warehouse's,
 * and devices pull locations (protocol 7) by it.
 */
export interface LocationStore {
  createLocation(input: NewLocation): Promise<LocationWrite>;
  /** A warehouse's locations by code (case-insensitive), archived ones included. */
  listLocations(warehouseId: string): Promise<Location[]>;
  getLocation(id: string): Promise<Location | null>;
  /** The location carrying this barcode, if any (a product's barcode must not name a location too). */
  findLocationByBarcode(barcode: string): Promise<Location | null>;
  /** null when there is no such location. */
  updateLocation(patch: LocationPatch): Promise<LocationWrite | null>;
  /** Bin quantities from the stock rows (only bins holding some), by product then location. */
  listBinStock(query: BinStockQuery): Promise<BinStock[]>;
}

/** A location as a write left it, and the change it publishes (its seq is the checkpoint). */
export interface LocationWrite {
  location: Location;
  changes: ChangeSet;
}

/** The ChangeSet of a write that changed one location at `seq`. */
export function locationChanges(location: Location, seq: number): ChangeSet {
  return {
    products: [],
    warehouses: [],
    stock: [],
    movements: [],
    alerts: [],
    locations: [location],
    checkpoint: { seq },
  };
}

/** Thrown by createLocation for a warehouse that does not exist. */
export class UnknownWarehouseError extends Error {
  constructor() {
    super('unknown warehouse');
    this.name = 'UnknownWarehouseError';
  }
}

/** A locations row of the SQL stores. */
export interface LocationRow {
  id: string;
  warehouse_id: string;
  code: string;
  name: string;
  barcode: string | null;
  archived: number | boolean;
  updated_at: string;
  seq?: number | string | null;
}

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    warehouseId: row.warehouse_id,
    code: row.code,
    name: row.name,
    barcode: row.barcode,
    archived: row.archived === 1 || row.archived === true,
    updatedAt: row.updated_at,
  };
}
