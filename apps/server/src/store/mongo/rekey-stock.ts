import { stockKey } from '@stockline/domain';
import type { MongoClient } from 'mongodb';
import type { Collections } from './documents';
import { inTransaction } from './transaction';

/**
 * Stock rows were once keyed `${warehouseId}:${productId}`; every part now uses the domain's
 * stockKey. Rewrites rows (and their alerts' `key`) still under an old key, each row in its own
 * transaction so a crash leaves every row under exactly one key. Ids are UUIDs, so a key holding
 * a `:` can only be an old one; with nothing left to rewrite it costs one scan of the stock `_id` index.
 */
export async function rekeyStock(client: MongoClient, collections: Collections): Promise<number> {
  const old = await collections.stock.find({ _id: { $regex: ':' } }).toArray();
  for (const row of old) {
    const key = stockKey(row.warehouseId, row.productId);
    await inTransaction(client, async (session) => {
      await collections.stock.deleteOne({ _id: row._id }, { session });
      await collections.stock.insertOne({ ...row, _id: key }, { session });
      await collections.alerts.updateMany({ key: row._id }, { $set: { key } }, { session });
    });
  }
  return old.length;
}
