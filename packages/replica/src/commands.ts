import type { User } from '@stockline/protocol';
import type { ReplicaCollections } from './database/create';
import { BinShortage, buildMovement, type RecordRequest } from './recording';
import type { ReplicaQueries } from './queries';
import type { LocalMovement, QuantityArgs, Replica } from './types';

/** What the device can do: record movements and handle its outbox and alerts, offline first. */
export type ReplicaCommands = Pick<
  Replica,
  'purchase' | 'return' | 'restock' | 'transfer' | 'count' | 'dismiss' | 'pruneAnswered' | 'acknowledge'
>;

export interface CommandContext {
  collections: ReplicaCollections;
  queries: Pick<ReplicaQueries, 'availabilityNow'>;
  user: User;
  deviceId: string;
  newId: () => string;
  now: () => Date;
}

export function replicaCommands(context: CommandContext): ReplicaCommands {
  const { collections, queries, user, deviceId, newId, now } = context;

  async function record(request: RecordRequest): Promise<LocalMovement> {
    const movement = buildMovement(request, { deviceId, newId, now });
    await collections.movements.insert(movement);
    return movement;
  }

  /**
   * Stock taken out of a named bin must be there as this device sees it (pulled bin quantity and
   * its own pending movements), as the server's per-bin guard will check.
   */
  async function guardBin(args: QuantityArgs): Promise<void> {
    if (args.locationId === undefined) return;
    const rows = await queries.availabilityNow(args.productId);
    const here = rows.find((r) => r.warehouseId === args.warehouseId);
    const available = here?.bins.find((b) => b.locationId === args.locationId)?.available ?? 0;
    if (args.quantity > available) throw new BinShortage(args.locationId, available, args.quantity);
  }

  const quantityMovement = async (type: 'purchase' | 'return' | 'restock', args: QuantityArgs) => {
    if (type === 'purchase') await guardBin(args);
    return record({
      type,
      warehouseId: args.warehouseId,
      locationId: args.locationId,
      productId: args.productId,
      quantity: args.quantity,
    });
  };

  return {
    purchase: (args) => quantityMovement('purchase', args),
    return: (args) => quantityMovement('return', args),
    restock: (args) => quantityMovement('restock', args),
    async transfer(args) {
      await guardBin(args);
      return record({
        type: 'transfer',
        warehouseId: args.warehouseId,
        locationId: args.locationId,
        toWarehouseId: args.toWarehouseId,
        toLocationId: args.toLocationId,
        productId: args.productId,
        quantity: args.quantity,
      });
    },
    async count(args) {
      // What this replica shows right now, pending deltas included, and the row version it will
      // stand at once this device's own queued movements (pushed before the count) are applied:
      // those are not someone else's change, so they must not make the count look stale.
      const rows = await queries.availabilityNow(args.productId);
      // A bin count expects what this device shows in that bin; its base is the row's version
      // all the same (the server calls a count stale on any change to the row, reconcileBinCount).
      const here = rows.find((r) => r.warehouseId === args.warehouseId);
      const expected =
        args.locationId === undefined
          ? here?.available
          : here?.bins.find((b) => b.locationId === args.locationId)?.available;
      return record({
        type: 'count',
        warehouseId: args.warehouseId,
        locationId: args.locationId,
        productId: args.productId,
        countedQty: args.countedQty,
        expectedQty: expected ?? 0,
        baseVersion: here?.versionAfterPending ?? 0,
      });
    },

    async dismiss(movementId: string) {
      const doc = await collections.movements.findOne(movementId).exec();
      if (doc && doc.state !== 'pending') await doc.incrementalPatch({ dismissed: true });
    },
    async pruneAnswered(olderThan: Date) {
      const old = await collections.movements
        .find({ selector: { state: { $in: ['applied', 'rejected'] }, recordedAt: { $lt: olderThan.toISOString() } } })
        .exec();
      // Deleted here only: the push modifier never sends deletes, the ledger keeps the history.
      if (old.length > 0) await collections.movements.bulkRemove(old.map((d) => d.id));
      return old.length;
    },

    async acknowledge(alertId: string) {
      if (!collections.alerts) throw new Error('only managers and admins receive alerts');
      const doc = await collections.alerts.findOne(alertId).exec();
      if (!doc) throw new Error(`unknown alert ${alertId}`);
      if (doc.status !== 'open') return;
      // Recorded locally first so it survives going offline; the alerts push sends it.
      await doc.incrementalPatch({
        status: 'acknowledged',
        acknowledgedAt: now().toISOString(),
        acknowledgedBy: user.id,
      });
    },
  };
}
