import type { AnyBulkWriteOperation, ClientSession, MongoClient } from 'mongodb';
import { isLow, locationsOf, stockKey, warehousesOf } from '@stockline/domain';
import { BatchPlan, type BatchFacts } from '../core/batch-plan';
import type { ApplyResult, MovementBatch } from '../core/port';
import { withNormalisedIds } from '../core/refusal-scope';
import {
  toAlert,
  toStoredStock,
  type AlertDoc,
  type BinLedgerDoc,
  type Collections,
  type LedgerDoc,
  type MovementDoc,
  type StockDoc,
} from './documents';
import { inTransaction, reserveSeqs } from './transaction';

/** One transaction per batch: read what the batch names, decide in memory, write in bulk. */
export async function applyBatch(
  client: MongoClient,
  collections: Collections,
  input: MovementBatch,
): Promise<ApplyResult> {
  // Ids are UUIDs: one spelling for the lookups below and for what is stored.
  const batch = withNormalisedIds(input);
  return inTransaction(client, async (session) => {
    const plan = new BatchPlan(batch, await readFacts(collections, batch, session));
    if (plan.seqCount > 0) {
      plan.shiftSeqs(await reserveSeqs(collections, plan.seqCount, session));
      await writePlan(collections, plan, session);
    }
    return plan.result();
  });
}

async function readFacts(collections: Collections, batch: MovementBatch, session: ClientSession): Promise<BatchFacts> {
  const ids = [...new Set(batch.movements.map((m) => m.id))];
  const productIds = [...new Set(batch.movements.map((m) => m.productId))];
  const warehouseIds = [...new Set(batch.movements.flatMap(warehousesOf))];
  const keys = [...new Set(batch.movements.flatMap((m) => warehousesOf(m).map((w) => stockKey(w, m.productId))))];
  // Sequential on purpose: operations inside one transaction must not run in parallel.
  const movements = await collections.movements
    .find({ _id: { $in: ids } }, { session, projection: { body: 1, verdict: 1 } })
    .toArray();
  const products = await collections.products
    .find({ _id: { $in: productIds } }, { session, projection: { _id: 1, archived: 1 } })
    .toArray();
  const warehouses = await collections.warehouses
    .find({ _id: { $in: warehouseIds } }, { session, projection: { _id: 1, archived: 1 } })
    .toArray();
  const stock = await collections.stock.find({ _id: { $in: keys } }, { session }).toArray();
  const alerts = await collections.alerts.find({ key: { $in: keys }, unresolved: true }, { session }).toArray();
  const locationIds = [...new Set(batch.movements.flatMap((m) => locationsOf(m).map((l) => l.locationId)))];
  const locations =
    locationIds.length === 0
      ? []
      : await collections.locations
          .find({ _id: { $in: locationIds } }, { session, projection: { _id: 1, warehouseId: 1, archived: 1 } })
          .toArray();
  const locationFacts = new Map(locations.map((l) => [l._id, { warehouseId: l.warehouseId, archived: l.archived }]));
  const stored = new Map(movements.map((m) => [m._id, { body: m.body, verdict: m.verdict }]));
  const productState = new Map(
    products.map((p) => [p._id, p.archived === true ? ('archived' as const) : ('active' as const)]),
  );
  const warehouseState = new Map(
    warehouses.map((w) => [w._id, w.archived === true ? ('archived' as const) : ('active' as const)]),
  );
  const rows = new Map(stock.map((s) => [s._id, toStoredStock(s)]));
  const unresolved = new Map(alerts.map((a) => [a.key, toAlert(a)]));
  return {
    stored: (id) => stored.get(id),
    product: (id) => productState.get(id) ?? 'missing',
    warehouse: (id) => warehouseState.get(id) ?? 'missing',
    stock: (w, p) => rows.get(stockKey(w, p)),
    location: (id) => locationFacts.get(id),
    unresolvedAlert: (w, p) => unresolved.get(stockKey(w, p)),
  };
}

async function writePlan(collections: Collections, plan: BatchPlan, session: ClientSession): Promise<void> {
  if (plan.stockWrites.length > 0) {
    const ops: AnyBulkWriteOperation<StockDoc>[] = plan.stockWrites.map((w) => {
      if (w.kind === 'insert') {
        const document: StockDoc = {
          _id: stockKey(w.row.warehouseId, w.row.productId),
          ...w.row,
          seq: w.seq,
          low: isLow(w.row.qty, w.row.threshold),
        };
        return { insertOne: { document } };
      }
      const _id = stockKey(w.warehouseId, w.productId);
      const set = { updatedAt: w.now, seq: w.seq, low: isLow(w.after.qty, w.after.threshold) };
      if (w.movesBins) {
        // Bins become the plan's, decided (and checked per bin) on exactly this version of the row.
        const guard =
          w.delta < 0 ? { _id, version: w.versionBefore, qty: { $gte: -w.delta } } : { _id, version: w.versionBefore };
        const update = w.after.bins
          ? { $inc: { qty: w.delta, version: 1 }, $set: { ...set, bins: w.after.bins } }
          : { $inc: { qty: w.delta, version: 1 }, $set: set, $unset: { bins: '' as const } };
        return { updateOne: { filter: guard, update } };
      }
      return {
        updateOne: {
          // The guard of I1: a leg that takes stock down only matches while enough is there.
          filter: w.delta < 0 ? { _id, qty: { $gte: -w.delta } } : { _id },
          update: { $inc: { qty: w.delta, version: 1 }, $set: set },
        },
      };
    });
    const result = await collections.stock.bulkWrite(ops, { session, ordered: true });
    const legs = plan.stockWrites.filter((w) => w.kind === 'leg').length;
    // The plan was decided on this transaction's own snapshot, so every guard must match; if one
    // does not, abort everything rather than record a half-applied batch.
    if (result.matchedCount !== legs)
      throw new Error(`stock guard refused ${legs - result.matchedCount} approved leg(s)`);
  }
  const movements = plan.movements.map(({ id, ...record }): MovementDoc => ({ _id: id, ...record }));
  await collections.movements.insertMany(movements, { session, ordered: true });
  const ledger = plan.ledger.map((leg): LedgerDoc => ({ _id: `${leg.movementId}:${leg.warehouseId}`, ...leg }));
  if (ledger.length > 0) await collections.ledger.insertMany(ledger, { session, ordered: true });
  const binLedger = plan.binLedger.map((leg): BinLedgerDoc => ({ _id: `${leg.movementId}:${leg.locationId}`, ...leg }));
  if (binLedger.length > 0) await collections.binLedger.insertMany(binLedger, { session, ordered: true });
  if (plan.alertWrites.length > 0) {
    const ops: AnyBulkWriteOperation<AlertDoc>[] = plan.alertWrites.map(({ kind, alert, seq }) => {
      const { id, ...fields } = alert;
      if (kind === 'raise')
        return {
          insertOne: {
            document: { _id: id, ...fields, seq, key: stockKey(alert.warehouseId, alert.productId), unresolved: true },
          },
        };
      return {
        updateOne: {
          filter: { _id: id },
          update: { $set: { status: 'resolved', resolvedAt: alert.resolvedAt, seq }, $unset: { unresolved: '' } },
        },
      };
    });
    await collections.alerts.bulkWrite(ops, { session, ordered: true });
  }
}
