import type { RecordedMovement, SyncCollection, SyncDocumentOf } from '@stockline/protocol';
import type { Collection, Document, Filter, MongoClient } from 'mongodb';
import { decodeCursor, encodeCursor } from '../core/cursor';
import type { LedgerRequest, PullPage, PullRequestFor, Scope } from '../core/port';
import {
  toAlert,
  toMovement,
  toProduct,
  toStoredStock,
  toWarehouse,
  type Collections,
  type MovementDoc,
} from './documents';
import { toLocation } from './locations';
import { pageOf } from '../core/page';

/** The ledger and the sync pull, mirroring sqlite/ledger.ts and sqlite/pull.ts. */

function eitherLegIn(warehouseIds: readonly string[]): Filter<MovementDoc> {
  return { $or: [{ warehouseId: { $in: [...warehouseIds] } }, { toWarehouseId: { $in: [...warehouseIds] } }] };
}

export async function listMovements(
  collections: Collections,
  request: LedgerRequest,
): Promise<{ items: RecordedMovement[]; nextCursor: string | null }> {
  const and: Filter<MovementDoc>[] = [];
  if (request.cursor !== undefined) and.push({ seq: { $lt: decodeCursor(request.cursor) } });
  if (!request.scope.all) and.push(eitherLegIn(request.scope.warehouseIds));
  if (request.warehouseId !== undefined) and.push(eitherLegIn([request.warehouseId]));
  if (request.productId !== undefined) and.push({ productId: request.productId });
  if (request.userId !== undefined) and.push({ userId: request.userId });
  if (request.deviceId !== undefined) and.push({ deviceId: request.deviceId });
  // The type lives in the canonical body text, where the key "type" occurs exactly once.
  if (request.type !== undefined) and.push({ body: { $regex: `"type":"${request.type}"` } });
  if (request.status !== undefined) and.push({ status: request.status });
  if (request.from !== undefined) and.push({ recordedAt: { $gte: request.from } });
  if (request.to !== undefined) and.push({ recordedAt: { $lt: request.to } });
  const docs = await collections.movements
    .find(and.length ? { $and: and } : {})
    .sort({ seq: -1 })
    .limit(request.limit + 1)
    .toArray();
  return pageOf(docs, request.limit, toMovement, (last) => encodeCursor(last.seq));
}

interface Source {
  // The collections differ in document type; pull only needs find/countDocuments on `seq`.
  name: keyof Collections;
  scope: (warehouseIds: readonly string[]) => Document;
  map: (doc: never) => unknown;
}

const byWarehouse = (ids: readonly string[]) => ({ warehouseId: { $in: [...ids] } });
const SOURCES: Record<SyncCollection, Source> = {
  products: { name: 'products', scope: () => ({}), map: toProduct },
  warehouses: { name: 'warehouses', scope: () => ({}), map: toWarehouse },
  locations: { name: 'locations', scope: byWarehouse, map: toLocation },
  // With its bins (protocol 7); a device before it drops the key when it reads the row.
  stock: { name: 'stock', scope: byWarehouse, map: toStoredStock },
  alerts: { name: 'alerts', scope: byWarehouse, map: toAlert },
  // A device's own movements, not limited by scope (see sqlite/pull.ts).
  movements: { name: 'movements', scope: () => ({}), map: toMovement },
};

function scopeFilter(source: Source, scope: Scope): Document {
  return scope.all ? {} : source.scope(scope.warehouseIds);
}

/**
 * Documents with seq > after in seq order. The page and the `remaining` count are read in one
 * snapshot session, so they describe the same moment (as SQLite's read transaction does).
 */
export async function pull<C extends SyncCollection>(
  client: MongoClient,
  collections: Collections,
  collection: C,
  request: PullRequestFor<C>,
): Promise<PullPage<C>> {
  const source = SOURCES[collection];
  const target = collections[source.name] as unknown as Collection<Document>;
  const base: Document[] = [scopeFilter(source, request.scope)];
  if (collection === 'movements') {
    const mine = request as PullRequestFor<'movements'>;
    base.push({ userId: mine.userId, deviceId: mine.deviceId });
  }
  const session = client.startSession({ snapshot: true });
  try {
    const docs = await target
      .find({ $and: [...base, { seq: { $gt: request.after } }] }, { session })
      .sort({ seq: 1 })
      .limit(request.limit)
      .batchSize(request.limit)
      .toArray();
    const last = (docs.at(-1)?.seq as number | undefined) ?? request.after;
    const remaining = await target.countDocuments({ $and: [...base, { seq: { $gt: last } }] }, { session });
    return {
      documents: docs.map((d) => source.map(d as never) as SyncDocumentOf<C>),
      seqs: docs.map((d) => d.seq as number),
      checkpoint: { seq: last },
      remaining,
    };
  } finally {
    await session.endSession();
  }
}
