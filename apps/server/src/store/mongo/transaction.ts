import type { ClientSession, MongoClient, TransactionOptions } from 'mongodb';
import { DuplicateKeyError } from '../core/port';
import type { Collections } from './documents';

/**
 * Every write runs in a multi-document transaction (a replica set is required; one member is
 * enough for development):
 * - readConcern snapshot: all reads of the attempt see one point in time;
 * - writeConcern majority: a verdict handed to a device is on a majority of members, so it
 *   survives a failover (the answer to a replay can never change);
 * - session.withTransaction retries the whole callback on TransientTransactionError (write
 *   conflicts included) and the commit on UnknownTransactionCommitResult, so callbacks must be
 *   safe to run again: they read everything they decide on inside the attempt.
 */
const TRANSACTION: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

export async function inTransaction<T>(client: MongoClient, fn: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = client.startSession();
  try {
    return await session.withTransaction(fn, TRANSACTION);
  } catch (error) {
    throw asDuplicate(error);
  } finally {
    await session.endSession();
  }
}

/**
 * Reserves `n` values of the server sequence and returns the base (the values are base+1..base+n).
 *
 * The sequence is one counter document that every writing transaction increments. Two
 * transactions that both write it cannot both commit: the second gets a write conflict and is
 * retried by withTransaction from a fresh snapshot, after the first committed. So writers
 * holding seqs commit one after another in seq order, and once a puller has read seq N, no
 * transaction can still commit a document with seq <= N: checkpoints never skip a late commit.
 * The price is that writes serialize on this document, like SQLite's single writer.
 */
export async function reserveSeqs(collections: Collections, n: number, session: ClientSession): Promise<number> {
  const doc = await collections.counters.findOneAndUpdate(
    { _id: 'seq' },
    { $inc: { value: n } },
    { session, upsert: true, returnDocument: 'after' },
  );
  if (!doc) throw new Error('the sequence counter is missing');
  return doc.value - n;
}

/** E11000 names the index's key pattern; its first field is the field the caller clashed on. */
export function asDuplicate(error: unknown): unknown {
  const e = error as { code?: number; keyPattern?: Record<string, unknown> };
  if (e?.code !== 11000) return error;
  const field = Object.keys(e.keyPattern ?? {})[0] ?? 'id';
  // `codes` holds every barcode a product carries (product-packs.ts): a clash there is a barcode's.
  return new DuplicateKeyError(field === '_id' ? 'id' : field === 'codes' ? 'barcode' : field);
}
