import type { Collections } from './documents';

/**
 * Every query the store runs has an index; the unique ones carry the rules (one code, SKU,
 * barcode, username; one seq per document; one unresolved alert per stock row, I6).
 * createIndex is idempotent, so every start can run this.
 */
export async function ensureIndexes(c: Collections): Promise<void> {
  await c.users.createIndex({ username: 1 }, { unique: true });
  await c.warehouses.createIndex({ code: 1 }, { unique: true });
  await c.warehouses.createIndex({ seq: 1 }, { unique: true });
  await c.products.createIndex({ sku: 1 }, { unique: true });
  await c.products.createIndex({ barcode: 1 }, { unique: true, partialFilterExpression: { barcode: { $type: 'string' } } });
  await c.products.createIndex({ seq: 1 }, { unique: true });
  await c.products.createIndex({ name: 1, sku: 1 });
  await c.products.createIndex({ nameKey: 1, _id: 1 });
  await c.products.createIndex({ nameGrams: 1 });
  await c.movements.createIndex({ userId: 1, seq: -1 });
  await c.devices.createIndex({ lastContactAt: -1 });
  await c.stock.createIndex({ seq: 1 }, { unique: true });
  await c.stock.createIndex({ warehouseId: 1, seq: 1 });
  await c.stock.createIndex({ warehouseId: 1, productId: 1 });
  await c.stock.createIndex({ productId: 1 });
  await c.stock.createIndex({ warehouseId: 1, productId: 1, low: 1 }, { partialFilterExpression: { low: true } });
  await c.movements.createIndex({ seq: 1 }, { unique: true });
  await c.movements.createIndex({ deviceId: 1, seq: 1 });
  await c.movements.createIndex({ warehouseId: 1, seq: -1 });
  await c.movements.createIndex({ toWarehouseId: 1, seq: -1 });
  await c.movements.createIndex({ productId: 1, seq: -1 });
  await c.ledger.createIndex({ warehouseId: 1, productId: 1 });
  await c.ledger.createIndex({ movementId: 1 });
  await c.alerts.createIndex({ seq: 1 }, { unique: true });
  await c.alerts.createIndex({ key: 1 }, { unique: true, partialFilterExpression: { unresolved: true } });
  await c.alerts.createIndex({ warehouseId: 1, seq: 1 });
  await c.alerts.createIndex({ status: 1, raisedAt: -1 });
  try {
    await c.counters.updateOne({ _id: 'seq' }, { $setOnInsert: { value: 0 } }, { upsert: true });
  } catch (error) {
    // Two servers starting at once may race on this upsert; the loser finds the counter there.
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}
