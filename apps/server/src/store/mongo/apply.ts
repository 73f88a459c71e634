import type { AnyBulkWriteOperation, ClientSession, MongoClient } from 'mongodb';
import { stockKey, warehousesOf } from '@stockline/domain';
import type { ApplyResult, MovementBatch } from '../port';
import { withNormalisedIds } from '../refusal-scope';
import { type AlertDoc, type Collections, type StockDoc } from './documents';
import { BatchPlan, type Snapshot } from './plan';
import { inTransaction, reserveSeqs } from './transaction';

/** One transaction per batch: read what the batch names, decide in memory, write in bulk. */
export async function applyBatch(client: MongoClient, collections: Collections, input: MovementBatch): Promise<ApplyResult> {
  // Ids are UUIDs: one spelling for the lookups below and for what is stored.
  const batch = withNormalisedIds(input);
  return inTransaction(client, async (session) => {
    const plan = new BatchPlan(batch, await readSnapshot(collections, batch, session));
    if (plan.seqCount > 0) {
      plan.shiftSeqs(await reserveSeqs(collections, plan.seqCount, session));
      await writePlan(collections, plan, session);
    }
    return { verdicts: plan.verdicts, ...(plan.parked.length > 0 ? { parked: plan.parked } : {}), changes: plan.changes() };
  });
}

async function readSnapshot(collections: Collections, batch: MovementBatch, session: ClientSession): Promise<Snapshot> {
  const ids = [...new Set(batch.movements.map((m) => m.id))];
  const productIds = [...new Set(batch.movements.map((m) => m.productId))];
  const warehouseIds = [...new Set(batch.movements.flatMap(warehousesOf))];
  const keys = [...new Set(batch.movements.flatMap((m) => warehousesOf(m).map((w) => stockKey(w, m.productId))))];
  // Sequential on purpose: operations inside one transaction must not run in parallel.
  const movements = await collections.movements.find({ _id: { $in: ids } }, { session, projection: { body: 1, verdict: 1 } }).toArray();
  const products = await collections.products.find({ _id: { $in: productIds } }, { session, projection: { _id: 1, archived: 1 } }).toArray();
  const warehouses = await collections.warehouses.find({ _id: { $in: warehouseIds } }, { session, projection: { _id: 1, archived: 1 } }).toArray();
  const stock = await collections.stock.find({ _id: { $in: keys } }, { session }).toArray();
  const alerts = await collections.alerts.find({ key: { $in: keys }, unresolved: true }, { session }).toArray();
  return {
    movements: new Map(movements.map((m) => [m._id, { body: m.body, verdict: m.verdict }])),
    products: new Set(products.map((p) => p._id)),
    warehouses: new Set(warehouses.map((w) => w._id)),
    archivedProducts: new Set(products.filter((p) => p.archived === true).map((p) => p._id)),
    archivedWarehouses: new Set(warehouses.filter((w) => w.archived === true).map((w) => w._id)),
    stock: new Map(stock.map((s) => [s._id, s])),
    unresolved: new Map(alerts.map((a) => [a.key, a])),
  };
}

async function writePlan(collections: Collections, plan: BatchPlan, session: ClientSession): Promise<void> {
  if (plan.stockWrites.length > 0) {
    const ops: AnyBulkWriteOperation<StockDoc>[] = plan.stockWrites.map((w) =>
      w.kind === 'insert'
        ? { insertOne: { document: w.doc } }
        : {
            updateOne: {
              // The guard of I1: a leg that takes stock down only matches while enough is there.
              filter: w.delta < 0 ? { _id: w._id, qty: { $gte: -w.delta } } : { _id: w._id },
              update: { $inc: { qty: w.delta, version: 1 }, $set: { updatedAt: w.now, seq: w.seq, low: w.low } },
            },
          },
    );
    const result = await collections.stock.bulkWrite(ops, { session, ordered: true });
    const legs = plan.stockWrites.filter((w) => w.kind === 'leg').length;
    // The plan was decided on this transaction's own snapshot, so every guard must match; if one
    // does not, abort everything rather than record a half-applied batch.
    if (result.matchedCount !== legs) throw new Error(`stock guard refused ${legs - result.matchedCount} approved leg(s)`);
  }
  await collections.movements.insertMany(plan.movementDocs, { session, ordered: true });
  if (plan.ledgerDocs.length > 0) await collections.ledger.insertMany(plan.ledgerDocs, { session, ordered: true });
  if (plan.alertWrites.length > 0) {
    const ops: AnyBulkWriteOperation<AlertDoc>[] = plan.alertWrites.map((w) =>
      w.kind === 'insert'
        ? { insertOne: { document: w.doc } }
        : {
            updateOne: {
              filter: { _id: w._id },
              update: { $set: { status: 'resolved', resolvedAt: w.now, seq: w.seq }, $unset: { unresolved: '' } },
            },
          },
    );
    await collections.alerts.bulkWrite(ops, { session, ordered: true });
  }
}
