import type { UnknownCodeItem } from '@stockline/protocol';
import type { Filter } from 'mongodb';
import type { Store } from '../core/port';
import type { Collections, UnknownCodeDoc } from './documents';

/** The unknown-code list, mirroring sqlite/unknown-codes.ts. */

function toItem(d: UnknownCodeDoc): UnknownCodeItem {
  return {
    id: d._id,
    code: d.code,
    warehouseId: d.warehouseId,
    deviceId: d.deviceId,
    userId: d.userId,
    firstSeenAt: d.firstSeenAt,
    lastSeenAt: d.lastSeenAt,
    count: d.seenCount,
  };
}

function inScope(scope: Parameters<Store['listUnknownCodes']>[0]['scope']): Filter<UnknownCodeDoc> {
  return scope.all ? {} : { warehouseId: { $in: [...scope.warehouseIds] } };
}

/**
 * The first report inserts; a clash on (code, warehouseId) updates the stored entry in one
 * pipeline, so concurrent reports each count. Values are $literal: a device id may start with '$'.
 */
export async function reportUnknownCode(
  c: Collections,
  input: Parameters<Store['reportUnknownCode']>[0],
): Promise<UnknownCodeItem> {
  const doc: UnknownCodeDoc = {
    _id: input.id,
    code: input.code,
    warehouseId: input.warehouseId,
    deviceId: input.deviceId,
    userId: input.userId,
    firstSeenAt: input.scannedAt,
    lastSeenAt: input.scannedAt,
    seenCount: 1,
    dismissedAt: null,
  };
  try {
    await c.unknownCodes.insertOne(doc, { writeConcern: { w: 'majority' } });
    return toItem(doc);
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
  }
  const at = { $literal: input.scannedAt };
  const latest = { $gte: [at, '$lastSeenAt'] };
  const updated = await c.unknownCodes.findOneAndUpdate(
    { code: input.code, warehouseId: input.warehouseId },
    [
      {
        $set: {
          seenCount: { $add: ['$seenCount', 1] },
          firstSeenAt: { $min: ['$firstSeenAt', at] },
          lastSeenAt: { $max: ['$lastSeenAt', at] },
          deviceId: { $cond: [latest, { $literal: input.deviceId }, '$deviceId'] },
          userId: { $cond: [latest, { $literal: input.userId }, '$userId'] },
          dismissedAt: {
            $cond: [
              { $and: [{ $ne: [{ $ifNull: ['$dismissedAt', null] }, null] }, { $gt: [at, '$dismissedAt'] }] },
              null,
              { $ifNull: ['$dismissedAt', null] },
            ],
          },
        },
      },
    ],
    { returnDocument: 'after', writeConcern: { w: 'majority' } },
  );
  if (!updated) throw new Error('unknown code report found no entry after a duplicate key');
  return toItem(updated);
}

export async function listUnknownCodes(
  c: Collections,
  query: Parameters<Store['listUnknownCodes']>[0],
): Promise<UnknownCodeItem[]> {
  const and: Filter<UnknownCodeDoc>[] = [{ dismissedAt: null }, inScope(query.scope)];
  if (query.warehouseId !== undefined) and.push({ warehouseId: query.warehouseId });
  const docs = await c.unknownCodes
    .aggregate<UnknownCodeDoc & { carried: unknown[] }>([
      { $match: { $and: and } },
      { $sort: { lastSeenAt: -1, _id: 1 } },
      { $lookup: { from: c.products.collectionName, localField: 'code', foreignField: 'codes', as: 'carried' } },
      { $match: { carried: { $size: 0 } } },
      { $limit: query.limit },
    ])
    .toArray();
  return docs.map(({ carried: _carried, ...doc }) => toItem(doc));
}

/** A second dismissal keeps the first one's time. */
export async function dismissUnknownCode(
  c: Collections,
  input: Parameters<Store['dismissUnknownCode']>[0],
): Promise<UnknownCodeItem | null> {
  const filter: Filter<UnknownCodeDoc> = { $and: [{ _id: input.id }, inScope(input.scope)] };
  await c.unknownCodes.updateOne(
    { $and: [filter, { dismissedAt: null }] },
    { $set: { dismissedAt: input.now } },
    { writeConcern: { w: 'majority' } },
  );
  const stored = await c.unknownCodes.findOne(filter);
  return stored ? toItem(stored) : null;
}
