import { stockKey } from '@stockline/domain';
import type { Product, StockRow, Warehouse } from '@stockline/protocol';
import type { ClientSession, Filter, MongoClient } from 'mongodb';
import { decodeProductCursor, encodeProductCursor, productOrder, splitSearchWords } from '../core/cursor';
import { mergeChanges } from '../core/merge-changes';
import type {
  ChangeSet,
  DeviceContact,
  DeviceRecord,
  ProductPatch,
  ProductSearch,
  ProductSearchPage,
  ProductUpsert,
  StockSetting,
} from '../core/port';
import { setThresholdIn } from './stock-alerts';
import {
  nameKeyOf,
  searchFieldsOf,
  toProduct,
  toStock,
  toWarehouse,
  trigramsOf,
  type Collections,
  type ProductDoc,
  type StockDoc,
} from './documents';
import { inTransaction, reserveSeqs } from './transaction';
import { assertCodesFree, codeFieldsOf } from './product-packs';
import { exactMatchesFirst, pageOf } from '../core/page';
import { stockSettingSteps } from '../core/stock-settings';

/** Back-office writes and reads, mirroring the SQLite adapter's catalog, stock and devices. */

const empty = (seq: number): ChangeSet => ({
  products: [],
  warehouses: [],
  stock: [],
  movements: [],
  alerts: [],
  checkpoint: { seq },
});

export async function updateWarehouse(
  client: MongoClient,
  c: Collections,
  input: { id: string; name?: string | undefined; archived?: boolean | undefined; now: string },
): Promise<{ warehouse: Warehouse; changes: ChangeSet } | null> {
  return inTransaction(client, async (session) => {
    if ((await c.warehouses.countDocuments({ _id: input.id }, { session })) === 0) return null;
    const seq = (await reserveSeqs(c, 1, session)) + 1;
    const set = {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.archived === undefined ? {} : { archived: input.archived }),
      updatedAt: input.now,
      seq,
    };
    const doc = await c.warehouses.findOneAndUpdate(
      { _id: input.id },
      { $set: set },
      { session, returnDocument: 'after' },
    );
    if (!doc) throw new Error('warehouse update returned nothing');
    const warehouse = toWarehouse(doc);
    return { warehouse, changes: { ...empty(seq), warehouses: [warehouse] } };
  });
}

type SearchedFields = Pick<ProductDoc, 'name' | 'sku' | 'barcode' | 'packs'>;

function setOf(before: SearchedFields, patch: ProductPatch): Partial<ProductDoc> {
  const set: Partial<ProductDoc> = {};
  if (patch.sku !== undefined) set.sku = patch.sku;
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.barcode !== undefined) set.barcode = patch.barcode;
  Object.assign(
    set,
    searchFieldsOf({
      name: patch.name ?? before.name,
      sku: patch.sku ?? before.sku,
      barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
    }),
  );
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.category !== undefined) set.category = patch.category;
  if (patch.unit !== undefined) set.unit = patch.unit;
  if (patch.archived !== undefined) set.archived = patch.archived;
  return set;
}

async function patchProduct(
  c: Collections,
  session: ClientSession,
  id: string,
  patch: ProductPatch,
  now: string,
  seq: number,
) {
  const before = await c.products.findOne(
    { _id: id },
    { session, projection: { name: 1, sku: 1, barcode: 1, packs: 1 } },
  );
  if (!before) return null;
  const set = setOf(before, patch);
  if (patch.barcode !== undefined || patch.packs !== undefined) {
    // The codes the product carries after the change, checked before they are written.
    const barcode = patch.barcode === undefined ? before.barcode : patch.barcode;
    const carried = codeFieldsOf(barcode, patch.packs ?? before.packs ?? []);
    await assertCodesFree(c, session, id, { ...carried, barcode });
    Object.assign(set, carried);
  }
  return c.products.findOneAndUpdate(
    { _id: id },
    { $set: { ...set, updatedAt: now, seq } },
    { session, returnDocument: 'after' },
  );
}

export async function updateProduct(
  client: MongoClient,
  c: Collections,
  input: { id: string; patch: ProductPatch; now: string },
): Promise<{ product: Product; changes: ChangeSet } | null> {
  return inTransaction(client, async (session) => {
    if ((await c.products.countDocuments({ _id: input.id }, { session })) === 0) return null;
    const seq = (await reserveSeqs(c, 1, session)) + 1;
    const doc = await patchProduct(c, session, input.id, input.patch, input.now, seq);
    if (!doc) throw new Error('product update returned nothing');
    const product = toProduct(doc);
    return { product, changes: { ...empty(seq), products: [product] } };
  });
}

export async function findProductsByKeys(
  c: Collections,
  keys: { skus: string[]; barcodes: string[] },
): Promise<Product[]> {
  // SKUs match regardless of case (strength 2); barcodes are printable ASCII, compared the same way.
  const docs = await c.products
    .find(
      { $or: [{ sku: { $in: keys.skus } }, { codes: { $in: keys.barcodes } }] },
      { collation: { locale: 'en', strength: 2 } },
    )
    .toArray();
  return docs.map(toProduct);
}

/** All lines in one transaction; inserts go as one bulk write, updates one by one. */
export async function upsertProducts(
  client: MongoClient,
  c: Collections,
  input: { lines: ProductUpsert[]; now: string },
): Promise<{ changes: ChangeSet }> {
  if (input.lines.length === 0) return { changes: empty(0) };
  return inTransaction(client, async (session) => {
    const base = await reserveSeqs(c, input.lines.length, session);
    const products: Product[] = [];
    const inserts: ProductDoc[] = [];
    for (const [i, line] of input.lines.entries()) {
      const seq = base + i + 1;
      if (line.kind === 'create') {
        const { kind: _kind, id, ...fields } = line;
        const carried = codeFieldsOf(fields.barcode, fields.packs);
        await assertCodesFree(c, session, id, { ...carried, barcode: fields.barcode });
        const doc: ProductDoc = {
          _id: id,
          ...fields,
          ...carried,
          archived: false,
          updatedAt: input.now,
          seq,
          ...searchFieldsOf(fields),
        };
        inserts.push(doc);
        products.push(toProduct(doc));
      } else {
        const doc = await patchProduct(c, session, line.id, line.patch, input.now, seq);
        if (!doc) throw new Error(`import: product ${line.id} vanished`);
        products.push(toProduct(doc));
      }
    }
    if (inserts.length) await c.products.insertMany(inserts, { session, ordered: true });
    return { changes: { ...empty(base + input.lines.length), products } };
  });
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Mirrors the SQLite adapter's orders (see ProductSearch). A `q` with a word of 3+ characters
 * asks the multikey trigram index for products whose search text holds all of its words'
 * trigrams, newest change first (the seq index), and confirms every word on those candidates;
 * otherwise it is an anchored prefix of nameKey (an index range in name order).
 */
export async function findProducts(c: Collections, query: ProductSearch): Promise<ProductSearchPage> {
  const and: Filter<ProductDoc>[] = [];
  if (query.archived === true) and.push({ archived: true });
  if (query.archived === false) and.push({ archived: { $ne: true } });
  if (query.barcode !== undefined && !query.q) {
    const docs = await c.products.find({ $and: [...and, { codes: query.barcode }] }).toArray();
    return { items: docs.map(toProduct), nextCursor: null };
  }
  const q = query.q?.trim() || undefined;
  const order = productOrder(q);
  let docs: ProductDoc[];
  if (order === 'seq') {
    const { indexed, short } = splitSearchWords(q as string);
    and.push({ searchGrams: { $all: [...new Set(indexed.flatMap(trigramsOf))] } });
    for (const word of [...indexed, ...short]) and.push({ searchText: { $regex: escapeRegex(word) } });
    if (query.cursor !== undefined)
      and.push({ seq: { $lt: (decodeProductCursor(query.cursor, 'seq') as { seq: number }).seq } });
    docs = await c.products
      .find({ $and: and })
      .sort({ seq: -1 })
      .limit(query.limit + 1)
      .toArray();
  } else {
    if (q) and.push({ nameKey: { $regex: `^${escapeRegex(nameKeyOf(q))}` } });
    if (query.cursor !== undefined) {
      const after = decodeProductCursor(query.cursor, 'name') as { name: string; id: string };
      const name = nameKeyOf(after.name);
      and.push({ $or: [{ nameKey: { $gt: name } }, { nameKey: name, _id: { $gt: after.id } }] });
    }
    docs = await c.products
      .find(and.length ? { $and: and } : {})
      .sort({ nameKey: 1, _id: 1 })
      .limit(query.limit + 1)
      .toArray();
  }
  const page = pageOf(docs, query.limit, toProduct, (last) =>
    encodeProductCursor(
      order === 'seq' ? { kind: 'seq', seq: last.seq } : { kind: 'name', name: last.name, id: last._id },
    ),
  );
  if (q && query.cursor === undefined) {
    const exactFilter: Filter<ProductDoc>[] = [{ $or: [{ sku: q }, { codes: q }] }];
    if (query.archived === true) exactFilter.push({ archived: true });
    if (query.archived === false) exactFilter.push({ archived: { $ne: true } });
    const exact = (await c.products.find({ $and: exactFilter }).toArray()).map(toProduct);
    return { ...page, items: exactMatchesFirst(exact, page.items) };
  }
  return page;
}

export async function setReorderQty(
  client: MongoClient,
  c: Collections,
  input: { warehouseId: string; productId: string; reorderQty: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  return inTransaction(client, (session) => setReorderQtyIn(c, session, input));
}

/** Thresholds and reorder quantities of many rows in one transaction. */
export async function setStockSettings(
  client: MongoClient,
  c: Collections,
  input: { warehouseId: string; rows: StockSetting[]; now: string },
): Promise<{ changes: ChangeSet }> {
  return inTransaction(client, async (session) => {
    const sets: ChangeSet[] = [];
    for (const step of stockSettingSteps(input)) {
      const { changes } =
        step.kind === 'threshold'
          ? await setThresholdIn(c, session, step.input)
          : await setReorderQtyIn(c, session, step.input);
      sets.push(changes);
    }
    return { changes: mergeChanges(sets) };
  });
}

async function setReorderQtyIn(
  c: Collections,
  session: ClientSession,
  input: { warehouseId: string; productId: string; reorderQty: number; now: string },
): Promise<{ row: StockRow; changes: ChangeSet }> {
  const key = stockKey(input.warehouseId, input.productId);
  const before = await c.stock.findOne({ _id: key }, { session });
  if (!before) {
    const known =
      (await c.warehouses.countDocuments({ _id: input.warehouseId }, { session })) > 0 &&
      (await c.products.countDocuments({ _id: input.productId }, { session })) > 0;
    if (!known) throw new Error('setReorderQty: unknown warehouse or product');
  }
  const seq = (await reserveSeqs(c, 1, session)) + 1;
  const row: StockDoc = {
    _id: key,
    warehouseId: input.warehouseId,
    productId: input.productId,
    qty: before?.qty ?? 0,
    threshold: before?.threshold ?? 0,
    reorderQty: input.reorderQty,
    version: before?.version ?? 0,
    updatedAt: input.now,
    seq,
    low: before?.low ?? false,
  };
  await c.stock.replaceOne({ _id: key }, row, { session, upsert: true });
  const stock = toStock(row);
  return { row: stock, changes: { ...empty(seq), stock: [stock] } };
}

/** One document per (user, device): `_id` is both, joined by a character no device id holds. */
function deviceKey(userId: string, deviceId: string): string {
  return `${userId}\u0000${deviceId}`;
}

export async function recordDeviceContact(c: Collections, contact: DeviceContact): Promise<void> {
  const _id = deviceKey(contact.userId, contact.deviceId);
  // A new device of a user who has maxPerUser already is not recorded (two at the same moment
  // may both pass the count: the cap bounds the desk, give or take the requests in flight).
  if (
    !(await c.devices.findOne({ _id }, { projection: { _id: 1 } })) &&
    (await c.devices.countDocuments({ userId: contact.userId })) >= contact.maxPerUser
  )
    return;
  await c.devices.updateOne(
    { _id },
    [
      {
        $set: {
          userId: contact.userId,
          deviceId: contact.deviceId,
          lastContactAt: { $max: [{ $ifNull: ['$lastContactAt', contact.at] }, contact.at] },
          queued: contact.queued === undefined ? { $ifNull: ['$queued', null] } : contact.queued,
          queuedAt: contact.queued === undefined ? { $ifNull: ['$queuedAt', null] } : contact.at,
        },
      },
    ],
    { upsert: true },
  );
}

export async function listDevices(c: Collections): Promise<DeviceRecord[]> {
  // Entries written before devices were known per user carry no deviceId (their _id was it).
  const docs = await c.devices.find({}).sort({ lastContactAt: -1, userId: 1, _id: 1 }).toArray();
  return docs.map((d) => ({
    deviceId: d.deviceId ?? d._id,
    userId: d.userId,
    lastContactAt: d.lastContactAt,
    queued: d.queued,
    queuedAt: d.queuedAt,
  }));
}
