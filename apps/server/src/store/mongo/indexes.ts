import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { USERNAME_COLLATION } from './catalog';
import { searchFieldsOf, type Collections, type ProductDoc } from './documents';
import { fillCodes } from './product-packs';

/** MongoDB's "namespace exists" error: another instance created the collection first. */
const NAMESPACE_EXISTS = 48;

/**
 * The database's own backstop for I1, beside the guarded updates: a stock document whose qty is
 * below zero (or missing) is refused by the server whatever code wrote it, as SQLite's CHECK does.
 */
export const STOCK_VALIDATOR = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['qty'],
    properties: { qty: { bsonType: ['int', 'long', 'double', 'decimal'], minimum: 0 } },
  },
} as const;

/** Creates the stock collection with the validator, or adds it to one made by an older release. */
export async function ensureValidators(db: Db): Promise<void> {
  try {
    await db.createCollection('stock', {
      validator: STOCK_VALIDATOR,
      validationLevel: 'strict',
      validationAction: 'error',
    });
  } catch (error) {
    if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) throw error;
    await db.command({
      collMod: 'stock',
      validator: STOCK_VALIDATOR,
      validationLevel: 'strict',
      validationAction: 'error',
    });
  }
}

/** The store's epoch, made once by whichever instance gets there first (see Store.epoch). */
export async function readEpoch(c: Collections): Promise<string> {
  const fresh = randomBytes(16).toString('hex');
  try {
    await c.meta.updateOne({ _id: 'epoch' }, { $setOnInsert: { value: fresh } }, { upsert: true });
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const doc = await c.meta.findOne({ _id: 'epoch' });
  if (!doc) throw new Error('the store epoch is missing');
  return doc.value;
}

/**
 * Every query the store runs has an index; the unique ones carry the rules (one code, SKU,
 * barcode, username; one seq per document; one unresolved alert per stock row, I6).
 * createIndex is idempotent, so every start can run this.
 */
export async function ensureIndexes(collections: Collections): Promise<void> {
  await collections.users.createIndex({ username: 1 }, { unique: true });
  // Usernames are unique regardless of case: names that clash only by case (from before this
  // rule) are renamed first, as the SQL stores' migration step does.
  await renameCaseClashes(collections);
  await collections.users.createIndex(
    { username: 1 },
    { unique: true, name: 'users_username_ci', collation: USERNAME_COLLATION },
  );
  await collections.warehouses.createIndex({ code: 1 }, { unique: true });
  await collections.warehouses.createIndex({ seq: 1 }, { unique: true });
  await collections.products.createIndex({ sku: 1 }, { unique: true });
  await collections.products.createIndex(
    { barcode: 1 },
    { unique: true, partialFilterExpression: { barcode: { $type: 'string' } } },
  );
  // One code names one product, across barcodes and packs (product-packs.ts); `$type` leaves
  // out products that carry no code (an empty array is indexed as one shared missing key).
  await fillCodes(collections);
  await collections.products.createIndex(
    { codes: 1 },
    { unique: true, partialFilterExpression: { codes: { $type: 'string' } } },
  );
  await collections.products.createIndex({ seq: 1 }, { unique: true });
  await collections.products.createIndex({ name: 1, sku: 1 });
  await collections.products.createIndex({ nameKey: 1, _id: 1 });
  await collections.products.createIndex({ searchGrams: 1 });
  await foldSearchText(collections);
  await collections.movements.createIndex({ userId: 1, seq: -1 });
  await collections.devices.createIndex({ lastContactAt: -1 });
  await collections.devices.createIndex({ userId: 1 });
  await collections.stock.createIndex({ seq: 1 }, { unique: true });
  await collections.stock.createIndex({ warehouseId: 1, seq: 1 });
  await collections.stock.createIndex({ warehouseId: 1, productId: 1 });
  await collections.stock.createIndex({ productId: 1 });
  await collections.stock.createIndex(
    { warehouseId: 1, productId: 1, low: 1 },
    { partialFilterExpression: { low: true } },
  );
  await collections.movements.createIndex({ seq: 1 }, { unique: true });
  await collections.movements.createIndex({ deviceId: 1, seq: 1 });
  await collections.movements.createIndex({ userId: 1, deviceId: 1, seq: 1 });
  await collections.movements.createIndex({ warehouseId: 1, seq: -1 });
  await collections.movements.createIndex({ toWarehouseId: 1, seq: -1 });
  await collections.movements.createIndex({ productId: 1, seq: -1 });
  await collections.ledger.createIndex({ warehouseId: 1, productId: 1 });
  await collections.ledger.createIndex({ movementId: 1 });
  await collections.locations.createIndex({ warehouseId: 1, codeKey: 1 }, { unique: true });
  await collections.locations.createIndex(
    { barcode: 1 },
    { unique: true, partialFilterExpression: { barcode: { $type: 'string' } } },
  );
  await collections.binLedger.createIndex({ warehouseId: 1, locationId: 1, productId: 1 });
  // Partial: locations stored before they took seqs have none until numberLocations runs.
  await collections.locations.createIndex(
    { seq: 1 },
    { unique: true, partialFilterExpression: { seq: { $type: 'number' } } },
  );
  await collections.locations.createIndex({ warehouseId: 1, seq: 1 });
  await collections.alerts.createIndex({ seq: 1 }, { unique: true });
  await collections.alerts.createIndex({ key: 1 }, { unique: true, partialFilterExpression: { unresolved: true } });
  await collections.alerts.createIndex({ warehouseId: 1, seq: 1 });
  await collections.alerts.createIndex({ status: 1, raisedAt: -1 });
  await collections.unknownCodes.createIndex({ code: 1, warehouseId: 1 }, { unique: true });
  await collections.unknownCodes.createIndex({ lastSeenAt: -1 });
  try {
    await collections.counters.updateOne({ _id: 'seq' }, { $setOnInsert: { value: 0 } }, { upsert: true });
  } catch (error) {
    // Two servers starting at once may race on this upsert; the loser finds the counter there.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  await numberLocations(collections);
}

/**
 * Gives locations stored before devices pulled them (protocol 7) a seq each, after every seq
 * handed out so far, so a device's first locations pull finds them. Nothing to do once all have one.
 */
async function numberLocations(c: Collections): Promise<void> {
  const unnumbered = await c.locations
    .find({ seq: { $exists: false } }, { projection: { _id: 1 } })
    .sort({ _id: 1 })
    .toArray();
  for (const { _id } of unnumbered) {
    const counter = await c.counters.findOneAndUpdate(
      { _id: 'seq' },
      { $inc: { value: 1 } },
      { returnDocument: 'after' },
    );
    if (!counter) throw new Error('the sequence counter is missing');
    await c.locations.updateOne({ _id, seq: { $exists: false } }, { $set: { seq: counter.value } });
  }
}

/**
 * For each group of usernames equal regardless of case, the oldest keeps its name and every
 * other becomes "<name>-<first 8 characters of its id>". Nothing to do on a database that
 * already has the case-insensitive index (it cannot hold such clashes).
 */
async function renameCaseClashes(collections: Collections): Promise<void> {
  const clashes = await collections.users
    .aggregate<{ users: Array<{ _id: string; username: string; createdAt: string }> }>([
      { $sort: { createdAt: 1, _id: 1 } },
      {
        $group: {
          _id: { $toLower: '$username' },
          users: { $push: { _id: '$_id', username: '$username', createdAt: '$createdAt' } },
          n: { $sum: 1 },
        },
      },
      { $match: { n: { $gt: 1 } } },
    ])
    .toArray();
  for (const { users } of clashes) {
    for (const user of users.slice(1)) {
      await collections.users.updateOne(
        { _id: user._id },
        { $set: { username: `${user.username}-${user._id.slice(0, 8)}` } },
      );
    }
  }
}

/**
 * Gives products stored by a release before the folded search text their searchText and
 * searchGrams (and drops the old name-only grams), once: the meta marker says it is done, so
 * later starts read one document. Safe to run twice at once (same values written).
 */
async function foldSearchText(c: Collections): Promise<void> {
  if (await c.meta.findOne({ _id: 'search-text' })) return;
  const unfolded = c.products.find({ searchText: { $exists: false } }, { projection: { name: 1, sku: 1, barcode: 1 } });
  let batch: Array<Pick<ProductDoc, '_id' | 'name' | 'sku' | 'barcode'>> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await c.products.bulkWrite(
      batch.map((p) => ({
        updateOne: { filter: { _id: p._id }, update: { $set: searchFieldsOf(p), $unset: { nameGrams: '' } } },
      })),
      { ordered: false },
    );
    batch = [];
  };
  for await (const doc of unfolded) {
    batch.push(doc);
    if (batch.length >= 500) await flush();
  }
  await flush();
  await c.meta.updateOne({ _id: 'search-text' }, { $set: { value: 'folded' } }, { upsert: true });
}
