import { USERNAME_COLLATION } from './catalog';
import type { Collections } from './documents';

/**
 * Every query the store runs has an index; the unique ones carry the rules (one code, SKU,
 * barcode, username; one seq per document; one unresolved alert per stock row, I6).
 * createIndex is idempotent, so every start can run this.
 */
export async function ensureIndexes(collections: Collections): Promise<void> {
  await collections.users.createIndex({ username: 1 }, { unique: true });
  // Usernames are unique regardless of case. Building it fails on a database that already
  // holds two names differing only by case: rename one of them first.
  await collections.users.createIndex({ username: 1 }, { unique: true, name: 'users_username_ci', collation: USERNAME_COLLATION });
  await collections.warehouses.createIndex({ code: 1 }, { unique: true });
  await collections.warehouses.createIndex({ seq: 1 }, { unique: true });
  await collections.products.createIndex({ sku: 1 }, { unique: true });
  await collections.products.createIndex({ barcode: 1 }, { unique: true, partialFilterExpression: { barcode: { $type: 'string' } } });
  await collections.products.createIndex({ seq: 1 }, { unique: true });
  await collections.products.createIndex({ name: 1, sku: 1 });
  await collections.stock.createIndex({ seq: 1 }, { unique: true });
  await collections.stock.createIndex({ warehouseId: 1, seq: 1 });
  await collections.stock.createIndex({ warehouseId: 1, productId: 1 });
  await collections.stock.createIndex({ productId: 1 });
  await collections.stock.createIndex({ warehouseId: 1, productId: 1, low: 1 }, { partialFilterExpression: { low: true } });
  await collections.movements.createIndex({ seq: 1 }, { unique: true });
  await collections.movements.createIndex({ deviceId: 1, seq: 1 });
  await collections.movements.createIndex({ userId: 1, deviceId: 1, seq: 1 });
  await collections.movements.createIndex({ warehouseId: 1, seq: -1 });
  await collections.movements.createIndex({ toWarehouseId: 1, seq: -1 });
  await collections.movements.createIndex({ productId: 1, seq: -1 });
  await collections.ledger.createIndex({ warehouseId: 1, productId: 1 });
  await collections.ledger.createIndex({ movementId: 1 });
  await collections.alerts.createIndex({ seq: 1 }, { unique: true });
  await collections.alerts.createIndex({ key: 1 }, { unique: true, partialFilterExpression: { unresolved: true } });
  await collections.alerts.createIndex({ warehouseId: 1, seq: 1 });
  await collections.alerts.createIndex({ status: 1, raisedAt: -1 });
  try {
    await collections.counters.updateOne({ _id: 'seq' }, { $setOnInsert: { value: 0 } }, { upsert: true });
  } catch (error) {
    // Two servers starting at once may race on this upsert; the loser finds the counter there.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}
