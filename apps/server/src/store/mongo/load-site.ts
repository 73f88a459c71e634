import { stockKey } from '@stockline/domain';
import type { ReviewOutcome } from '@stockline/protocol';
import type { MongoClient } from 'mongodb';
import { alertsInOrder, binsByRow, movementRecords, StoreNotEmptyError, type SiteImage } from '../site-image';
import {
  searchFieldsOf,
  type AlertDoc,
  type Collections,
  type LocationDoc,
  type ProductDoc,
  type StockDoc,
  type WarehouseDoc,
} from './documents';
import { inTransaction, reserveSeqs } from './transaction';
import { codeFieldsOf } from './product-packs';

/**
 * The site in one multi-document transaction, mirroring sqlite/load-site.ts: the same documents
 * the ordinary writes make (derived search fields, stock keys, the unresolved-alert marker).
 * A large site may exceed what one MongoDB transaction holds (16 MB of oplog by default before
 * 4.2, and the 60 s transactionLifetimeLimitSeconds): raise the limit for the import if needed.
 */
export async function loadSite(client: MongoClient, c: Collections, site: SiteImage): Promise<void> {
  await inTransaction(client, async (session) => {
    for (const collection of [c.users, c.warehouses, c.products, c.movements] as const) {
      if (await collection.findOne({}, { session, projection: { _id: 1 } })) throw new StoreNotEmptyError();
    }
    const movements = movementRecords(site);
    const alerts = alertsInOrder(site);
    const bins = binsByRow(site);
    const count =
      site.warehouses.length +
      site.locations.length +
      site.products.length +
      site.stock.length +
      movements.length +
      alerts.length;
    let seq = await reserveSeqs(c, count, session);
    const next = () => ++seq;
    const options = { session, ordered: true };
    const insert = async <T>(docs: T[], write: (docs: T[]) => Promise<unknown>) => {
      if (docs.length > 0) await write(docs);
    };
    await insert(
      site.users.map((u) => ({
        _id: u.id,
        username: u.username,
        passwordHash: u.passwordHash,
        role: u.role,
        warehouseIds: [...u.warehouseIds],
        createdAt: u.createdAt,
        active: u.active,
        tokenVersion: u.tokenVersion,
      })),
      (docs) => c.users.insertMany(docs, options),
    );
    await insert(
      site.warehouses.map((w): WarehouseDoc => ({
        _id: w.id,
        code: w.code,
        name: w.name,
        location: w.location,
        archived: w.archived,
        updatedAt: w.updatedAt,
        seq: next(),
      })),
      (docs) => c.warehouses.insertMany(docs, options),
    );
    await insert(
      site.locations.map((l): LocationDoc => {
        const { id, ...fields } = l;
        return { _id: id, ...fields, codeKey: l.code.toLowerCase(), seq: next() };
      }),
      (docs) => c.locations.insertMany(docs, options),
    );
    await insert(
      site.products.map((p): ProductDoc => {
        const { id, ...fields } = p;
        return { _id: id, ...fields, ...codeFieldsOf(p.barcode, p.packs), seq: next(), ...searchFieldsOf(p) };
      }),
      (docs) => c.products.insertMany(docs, options),
    );
    await insert(
      site.stock.map((r): StockDoc => {
        const rowBins = bins.get(stockKey(r.warehouseId, r.productId));
        return {
          _id: stockKey(r.warehouseId, r.productId),
          ...r,
          ...(rowBins ? { bins: rowBins } : {}),
          seq: next(),
          low: r.qty < r.threshold,
        };
      }),
      (docs) => c.stock.insertMany(docs, options),
    );
    await insert(
      movements.map(({ id, record }) => ({ _id: id, ...record, seq: next() })),
      (docs) => c.movements.insertMany(docs, options),
    );
    await insert(
      movements.flatMap(({ id, legs }) =>
        legs.map((leg) => ({ _id: `${id}:${leg.warehouseId}`, movementId: id, ...leg })),
      ),
      (docs) => c.ledger.insertMany(docs, options),
    );
    await insert(
      movements.flatMap(({ id, binLegs }) =>
        binLegs.map((leg) => ({ _id: `${id}:${leg.locationId}`, movementId: id, ...leg })),
      ),
      (docs) => c.binLedger.insertMany(docs, options),
    );
    await insert(
      alerts.map((a): AlertDoc => {
        const { id, ...fields } = a;
        return {
          _id: id,
          ...fields,
          key: stockKey(a.warehouseId, a.productId),
          seq: next(),
          ...(a.status === 'resolved' ? {} : { unresolved: true as const }),
        };
      }),
      (docs) => c.alerts.insertMany(docs, options),
    );
    await insert(
      site.reviewDecisions.map((d) => ({
        _id: d.movementId,
        decision: d.decision,
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt,
      })),
      (docs) => c.reviewDecisions.insertMany(docs, options),
    );
  });
}

export async function listReviewDecisions(c: Collections): Promise<ReviewOutcome[]> {
  const docs = await c.reviewDecisions.find({}).sort({ decidedAt: 1, _id: 1 }).toArray();
  return docs.map((d) => ({ movementId: d._id, decision: d.decision, decidedBy: d.decidedBy, decidedAt: d.decidedAt }));
}
