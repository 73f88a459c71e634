import { productSearchText } from '@stockline/domain';
import type { Product, Warehouse } from '@stockline/protocol';
import { decodeProductCursor, encodeProductCursor, productOrder, splitSearchWords } from '../core/cursor';
import type {
  ChangeSet,
  DeviceContact,
  DeviceRecord,
  ProductPatch,
  ProductSearch,
  ProductSearchPage,
  ProductUpsert,
} from '../core/port';
import { toProduct, toWarehouse, type ProductRow, type WarehouseRow } from '../core/rows';
import { asDuplicate, INSERT_PRODUCT } from './catalog';
import { ChangeCollector } from '../core/change-collector';
import type { Sql, WriteTx } from './db';
import { newProductParams } from '../sql/product-params';
import { exactMatchesFirst, pageOf } from '../core/page';
import { writeProductCodes } from './product-packs';

/** Back-office writes and reads, mirroring the SQLite adapter (sqlite/catalog.ts, stock-alerts.ts, devices.ts). */

export async function updateWarehouse(
  tx: WriteTx,
  input: { id: string; name?: string | undefined; archived?: boolean | undefined; now: string },
): Promise<{ warehouse: Warehouse; changes: ChangeSet } | null> {
  if (!(await tx.one('SELECT 1 AS found FROM warehouses WHERE id = $1', [input.id]))) return null;
  const changes = new ChangeCollector(tx);
  const row = await tx.one<WarehouseRow>(
    `UPDATE warehouses SET name = coalesce($2, name), archived = coalesce($3::integer, archived), updated_at = $4, seq = $5
     WHERE id = $1 RETURNING *`,
    [
      input.id,
      input.name ?? null,
      input.archived === undefined ? null : input.archived ? 1 : 0,
      input.now,
      changes.seq(),
    ],
  );
  if (!row) throw new Error('warehouse update returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

async function patchProduct(
  tx: WriteTx,
  changes: ChangeCollector,
  id: string,
  patch: ProductPatch,
  now: string,
): Promise<Product | null> {
  const before = await tx.one<{ name: string; sku: string; barcode: string | null }>(
    'SELECT name, sku, barcode FROM products WHERE id = $1',
    [id],
  );
  if (!before) return null;
  const searchText = productSearchText({
    name: patch.name ?? before.name,
    sku: patch.sku ?? before.sku,
    barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
  });
  const params: unknown[] = [id, now, changes.seq(), searchText];
  const sets = ['updated_at = $2', 'seq = $3', 'search_text = $4'];
  for (const field of ['sku', 'name', 'barcode', 'description', 'category', 'unit'] as const) {
    if (patch[field] !== undefined) sets.push(`${field} = $${params.push(patch[field])}`);
  }
  if (patch.archived !== undefined) sets.push(`archived = $${params.push(patch.archived ? 1 : 0)}`);
  let row: ProductRow | undefined;
  try {
    row = await tx.one<ProductRow>(`UPDATE products SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, params);
  } catch (error) {
    asDuplicate(error);
  }
  return row ? writeProductCodes(tx, toProduct(row), patch.packs) : null;
}

export async function updateProduct(
  tx: WriteTx,
  input: { id: string; patch: ProductPatch; now: string },
): Promise<{ product: Product; changes: ChangeSet } | null> {
  const changes = new ChangeCollector(tx);
  const product = await patchProduct(tx, changes, input.id, input.patch, input.now);
  return product ? { product, changes: changes.result({ products: [product] }) } : null;
}

/** Every line in the caller's one transaction: a clash aborts them all. */
export async function upsertProducts(
  tx: WriteTx,
  input: { lines: ProductUpsert[]; now: string },
): Promise<{ changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  const products: Product[] = [];
  for (const line of input.lines) {
    if (line.kind === 'create') {
      let row: ProductRow | undefined;
      try {
        row = await tx.one<ProductRow>(INSERT_PRODUCT, newProductParams(line, input.now, changes.seq()));
      } catch (error) {
        asDuplicate(error);
      }
      if (row) products.push(await writeProductCodes(tx, toProduct(row), line.packs));
    } else {
      const product = await patchProduct(tx, changes, line.id, line.patch, input.now);
      if (!product) throw new Error(`import: product ${line.id} vanished`);
      products.push(product);
    }
  }
  return { changes: changes.result({ products }) };
}

export async function findProductsByKeys(sql: Sql, keys: { skus: string[]; barcodes: string[] }): Promise<Product[]> {
  const rows = await sql.all<ProductRow>(
    'SELECT * FROM products WHERE lower(sku) = ANY(SELECT lower(k) FROM unnest($1::text[]) AS k) OR barcode = ANY($2::text[])',
    [keys.skus, keys.barcodes],
  );
  return rows.map(toProduct);
}

/** LIKE pattern for a literal substring: its wildcards escaped with backslash. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The catalogue list (see ProductSearch in the port): products_by_name for the list and short
 * prefixes, the pg_trgm index on search_text for words (newest change first), the unique
 * SKU and barcode indexes for exact matches.
 */
export async function findProducts(sql: Sql, query: ProductSearch): Promise<ProductSearchPage> {
  const params: unknown[] = [query.limit + 1];
  const add = (value: unknown) => `$${params.push(value)}`;
  const archived = query.archived === undefined ? '' : ` AND archived = ${query.archived ? 1 : 0}`;
  if (query.barcode !== undefined && !query.q) {
    const rows = await sql.all<ProductRow>(
      `SELECT * FROM products WHERE id IN (SELECT product_id FROM product_codes WHERE code = $1)${archived}`,
      [query.barcode],
    );
    return { items: rows.map(toProduct), nextCursor: null };
  }
  const q = query.q?.trim() || undefined;
  const order = productOrder(q);
  let rows: ProductRow[];
  if (order === 'seq') {
    // Every word, in any order, as a substring of the folded search_text (its trigram index).
    const { indexed, short } = splitSearchWords(q as string);
    const where = [...indexed, ...short].map((word) => `search_text LIKE ${add(`%${likeLiteral(word)}%`)}`);
    if (query.cursor !== undefined)
      where.push(`seq < ${add((decodeProductCursor(query.cursor, 'seq') as { seq: number }).seq)}`);
    rows = await sql.all<ProductRow>(
      `SELECT * FROM products WHERE ${where.join(' AND ')}${archived} ORDER BY seq DESC LIMIT $1`,
      params,
    );
  } else {
    const where: string[] = [];
    if (q) where.push(`lower(name) COLLATE "C" LIKE ${add(`${likeLiteral(q.toLowerCase())}%`)}`);
    if (query.cursor !== undefined) {
      const after = decodeProductCursor(query.cursor, 'name') as { name: string; id: string };
      where.push(`(lower(name) COLLATE "C", id) > (${add(after.name.toLowerCase())}, ${add(after.id)})`);
    }
    const filter = where.length
      ? `WHERE ${where.join(' AND ')}${archived}`
      : archived
        ? `WHERE ${archived.slice(5)}`
        : '';
    rows = await sql.all<ProductRow>(
      `SELECT * FROM products ${filter} ORDER BY lower(name) COLLATE "C", id LIMIT $1`,
      params,
    );
  }
  const page = pageOf(rows, query.limit, toProduct, (last) =>
    encodeProductCursor(
      order === 'seq' ? { kind: 'seq', seq: last.seq } : { kind: 'name', name: last.name, id: last.id },
    ),
  );
  if (q && query.cursor === undefined) {
    const exact = (
      await sql.all<ProductRow>(
        `SELECT * FROM products WHERE (sku = $1 OR id IN (SELECT product_id FROM product_codes WHERE code = $1))${archived}`,
        [q],
      )
    ).map(toProduct);
    return { ...page, items: exactMatchesFirst(exact, page.items) };
  }
  return page;
}

export async function recordDeviceContact(sql: Sql, contact: DeviceContact): Promise<void> {
  // Two new devices of one user at the same moment may both pass the count: the cap bounds
  // what one user can make the desk hold, give or take the requests in flight.
  await sql.all(
    `INSERT INTO devices (device_id, user_id, last_contact_at, queued, queued_at)
     SELECT $1, $2, $3, $4::integer, CASE WHEN $4::integer IS NULL THEN NULL ELSE $3 END
     WHERE EXISTS (SELECT 1 FROM devices WHERE user_id = $2 AND device_id = $1)
        OR (SELECT count(*) FROM devices WHERE user_id = $2) < $5
     ON CONFLICT (user_id, device_id) DO UPDATE SET
       last_contact_at = greatest(devices.last_contact_at, excluded.last_contact_at),
       queued = coalesce(excluded.queued, devices.queued),
       queued_at = coalesce(excluded.queued_at, devices.queued_at)`,
    [contact.deviceId, contact.userId, contact.at, contact.queued ?? null, contact.maxPerUser],
  );
}

export async function listDevices(sql: Sql): Promise<DeviceRecord[]> {
  const rows = await sql.all<{
    device_id: string;
    user_id: string;
    last_contact_at: string;
    queued: number | null;
    queued_at: string | null;
  }>('SELECT * FROM devices ORDER BY last_contact_at DESC, user_id, device_id');
  return rows.map((r) => ({
    deviceId: r.device_id,
    userId: r.user_id,
    lastContactAt: r.last_contact_at,
    queued: r.queued,
    queuedAt: r.queued_at,
  }));
}
