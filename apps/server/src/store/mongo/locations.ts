import type { Filter, MongoClient } from 'mongodb';
import type { Location } from '@stockline/protocol';
import {
  locationChanges,
  UnknownWarehouseError,
  type LocationWrite,
  type BinStock,
  type BinStockQuery,
  type LocationPatch,
  type NewLocation,
} from '../core/locations';
import { DuplicateKeyError } from '../core/port';
import type { Collections, LocationDoc, StockDoc } from './documents';
import { inTransaction, reserveSeqs } from './transaction';

/**
 * Locations on MongoDB: one document per location, the code unique per warehouse through
 * `codeKey` (lower-cased) and the barcode among locations through a partial unique index; a
 * product with the barcode is checked in the same transaction (snapshot reads).
 */

export function toLocation(doc: LocationDoc): Location {
  return {
    id: doc._id,
    warehouseId: doc.warehouseId,
    code: doc.code,
    name: doc.name,
    barcode: doc.barcode,
    archived: doc.archived,
    updatedAt: doc.updatedAt,
  };
}

/** The (warehouseId, codeKey) index guards the code's uniqueness. */
function asLocationDuplicate(error: unknown): unknown {
  const byCode = error instanceof DuplicateKeyError && (error.field === 'warehouseId' || error.field === 'codeKey');
  return byCode ? new DuplicateKeyError('code') : error;
}

export async function createLocation(
  client: MongoClient,
  collections: Collections,
  input: NewLocation,
): Promise<LocationWrite> {
  return inTransaction(client, async (session) => {
    if (!(await collections.warehouses.findOne({ _id: input.warehouseId }, { session, projection: { _id: 1 } })))
      throw new UnknownWarehouseError();
    if (
      input.barcode &&
      (await collections.products.findOne({ barcode: input.barcode }, { session, projection: { _id: 1 } }))
    )
      throw new DuplicateKeyError('barcode');
    const seq = (await reserveSeqs(collections, 1, session)) + 1;
    const doc: LocationDoc = {
      _id: input.id,
      warehouseId: input.warehouseId,
      code: input.code,
      codeKey: input.code.toLowerCase(),
      name: input.name,
      barcode: input.barcode,
      archived: false,
      updatedAt: input.now,
      seq,
    };
    await collections.locations.insertOne(doc, { session });
    const location = toLocation(doc);
    return { location, changes: locationChanges(location, seq) };
  }).catch((error: unknown) => {
    throw asLocationDuplicate(error);
  });
}

export async function listLocations(collections: Collections, warehouseId: string): Promise<Location[]> {
  return (await collections.locations.find({ warehouseId }).sort({ codeKey: 1, _id: 1 }).toArray()).map(toLocation);
}

export async function getLocation(collections: Collections, id: string): Promise<Location | null> {
  const doc = await collections.locations.findOne({ _id: id });
  return doc ? toLocation(doc) : null;
}

export async function findLocationByBarcode(collections: Collections, barcode: string): Promise<Location | null> {
  const doc = await collections.locations.findOne({ barcode });
  return doc ? toLocation(doc) : null;
}

export async function updateLocation(
  client: MongoClient,
  collections: Collections,
  patch: LocationPatch,
): Promise<LocationWrite | null> {
  return inTransaction(client, async (session) => {
    if (
      patch.barcode &&
      (await collections.products.findOne({ barcode: patch.barcode }, { session, projection: { _id: 1 } }))
    )
      throw new DuplicateKeyError('barcode');
    if (!(await collections.locations.findOne({ _id: patch.id }, { session, projection: { _id: 1 } }))) return null;
    const seq = (await reserveSeqs(collections, 1, session)) + 1;
    const set: Partial<LocationDoc> = { updatedAt: patch.now, seq };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.barcode !== undefined) set.barcode = patch.barcode;
    if (patch.archived !== undefined) set.archived = patch.archived;
    const doc = await collections.locations.findOneAndUpdate(
      { _id: patch.id },
      { $set: set },
      { session, returnDocument: 'after' },
    );
    if (!doc) throw new Error('location update returned nothing');
    const location = toLocation(doc);
    return { location, changes: locationChanges(location, seq) };
  });
}

export async function listBinStock(collections: Collections, query: BinStockQuery): Promise<BinStock[]> {
  const filter: Filter<StockDoc> = { warehouseId: query.warehouseId, bins: { $exists: true } };
  if (query.productId !== undefined) filter.productId = query.productId;
  if (query.locationId !== undefined) filter[`bins.${query.locationId}`] = { $gt: 0 };
  const rows = await collections.stock.find(filter).sort({ productId: 1 }).toArray();
  return rows.flatMap((row) =>
    Object.entries(row.bins ?? {})
      .filter(([locationId]) => query.locationId === undefined || locationId === query.locationId)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([locationId, qty]) => ({
        warehouseId: row.warehouseId,
        locationId,
        productId: row.productId,
        qty,
        version: row.version,
        updatedAt: row.updatedAt,
      })),
  );
}
