import { isLow, stockKey } from '@stockline/domain';
import type { Alert, AlertStatus, StockRow } from '@stockline/protocol';
import type { ClientSession, Filter, MongoClient } from 'mongodb';
import type { ChangeSet, Scope } from '../core/port';
import { alertStep } from '../core/alert-step';
import { toAlert, toStock, type AlertDoc, type Collections, type StockDoc } from './documents';
import { inTransaction, reserveSeqs } from './transaction';

/** Stock reads, thresholds and the alert lifecycle, mirroring sqlite/stock-alerts.ts. */

export async function getStock(
  collections: Collections,
  warehouseId: string,
  productId: string,
): Promise<StockRow | null> {
  const doc = await collections.stock.findOne({ _id: stockKey(warehouseId, productId) });
  return doc ? toStock(doc) : null;
}

export async function listStock(
  collections: Collections,
  query: { scope: Scope; warehouseId?: string | undefined; productId?: string | undefined; low?: boolean | undefined },
): Promise<StockRow[]> {
  const and: Filter<StockDoc>[] = [];
  if (!query.scope.all) and.push({ warehouseId: { $in: [...query.scope.warehouseIds] } });
  if (query.warehouseId !== undefined) and.push({ warehouseId: query.warehouseId });
  if (query.productId !== undefined) and.push({ productId: query.productId });
  if (query.low) and.push({ low: true });
  const docs = await collections.stock
    .find(and.length ? { $and: and } : {})
    .sort({ warehouseId: 1, productId: 1 })
    .toArray();
  return docs.map(toStock);
}

/** Like SQLite: the threshold is not a stock change, so `version` stays; the row gets a new seq. */
export async function setThreshold(
  client: MongoClient,
  collections: Collections,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  return inTransaction(client, (session) => setThresholdIn(collections, session, input));
}

/** setThreshold's work inside a caller's transaction (a stock import sets many rows in one). */
export async function setThresholdIn(
  collections: Collections,
  session: ClientSession,
  input: { warehouseId: string; productId: string; threshold: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  const key = stockKey(input.warehouseId, input.productId);
  const before = await collections.stock.findOne({ _id: key }, { session });
  if (!before) {
    const known =
      (await collections.warehouses.countDocuments({ _id: input.warehouseId }, { session })) > 0 &&
      (await collections.products.countDocuments({ _id: input.productId }, { session })) > 0;
    if (!known) throw new Error('setThreshold: unknown warehouse or product');
  }
  const qty = before?.qty ?? 0;
  const step = alertStep(
    { qty, threshold: before?.threshold ?? 0 },
    { warehouseId: input.warehouseId, productId: input.productId, qty, threshold: input.threshold },
    null,
    input.now,
  );
  const open =
    step?.kind === 'resolve' ? await collections.alerts.findOne({ key, unresolved: true }, { session }) : null;
  const base = await reserveSeqs(collections, !step || (step.kind === 'resolve' && !open) ? 1 : 2, session);
  const row: StockDoc = {
    _id: key,
    warehouseId: input.warehouseId,
    productId: input.productId,
    qty,
    threshold: input.threshold,
    reorderQty: before?.reorderQty ?? 0,
    version: before?.version ?? 0,
    updatedAt: input.now,
    seq: base + 1,
    low: isLow(qty, input.threshold),
  };
  await collections.stock.replaceOne({ _id: key }, row, { session, upsert: true });
  const alerts: Alert[] = [];
  if (step?.kind === 'raise') {
    const { id, ...fields } = step.alert;
    await collections.alerts.insertOne({ _id: id, ...fields, seq: base + 2, key, unresolved: true }, { session });
    alerts.push(step.alert);
  } else if (step?.kind === 'resolve' && open) {
    const resolved = await collections.alerts.findOneAndUpdate(
      { _id: open._id },
      { $set: { status: 'resolved', resolvedAt: step.resolvedAt, seq: base + 2 }, $unset: { unresolved: '' } },
      { session, returnDocument: 'after' },
    );
    if (resolved) alerts.push(toAlert(resolved));
  }
  const stock = toStock(row);
  const checkpoint = { seq: base + (alerts.length ? 2 : 1) };
  return { row: stock, changes: { products: [], warehouses: [], stock: [stock], movements: [], alerts, checkpoint } };
}

export async function listAlerts(
  collections: Collections,
  query: {
    scope: Scope;
    status?: AlertStatus | undefined;
    warehouseId?: string | undefined;
    productId?: string | undefined;
  },
): Promise<Alert[]> {
  const and: Filter<AlertDoc>[] = [];
  if (!query.scope.all) and.push({ warehouseId: { $in: [...query.scope.warehouseIds] } });
  if (query.status !== undefined) and.push({ status: query.status });
  if (query.warehouseId !== undefined) and.push({ warehouseId: query.warehouseId });
  if (query.productId !== undefined) and.push({ productId: query.productId });
  const docs = await collections.alerts
    .find(and.length ? { $and: and } : {})
    .sort({ raisedAt: -1, seq: -1 })
    .toArray();
  return docs.map(toAlert);
}

export async function getAlert(collections: Collections, id: string): Promise<Alert | null> {
  const doc = await collections.alerts.findOne({ _id: id });
  return doc ? toAlert(doc) : null;
}

/** Only an open alert changes; an acknowledged or resolved one comes back as it is. */
export async function acknowledgeAlert(
  client: MongoClient,
  collections: Collections,
  input: { id: string; userId: string; now: string },
): Promise<{ alert: Alert; changes: ChangeSet } | null> {
  return inTransaction(client, async (session) => {
    const current = await collections.alerts.findOne({ _id: input.id }, { session });
    const none: ChangeSet = {
      products: [],
      warehouses: [],
      stock: [],
      movements: [],
      alerts: [],
      checkpoint: { seq: 0 },
    };
    if (!current) return null;
    if (current.status !== 'open') return { alert: toAlert(current), changes: none };
    const seq = (await reserveSeqs(collections, 1, session)) + 1;
    const updated = await collections.alerts.findOneAndUpdate(
      { _id: input.id, status: 'open' },
      { $set: { status: 'acknowledged', acknowledgedAt: input.now, acknowledgedBy: input.userId, seq } },
      { session, returnDocument: 'after' },
    );
    if (!updated) throw new Error('alert changed during its acknowledgement');
    const alert = toAlert(updated);
    return { alert, changes: { ...none, alerts: [alert], checkpoint: { seq } } };
  });
}
