import type { CreateProductRequest, CreateWarehouseRequest, Product, Warehouse } from '@stockline/protocol';
import { productSearchText } from '@stockline/domain';
import { decodeProductCursor, encodeProductCursor, productOrder, splitSearchWords } from '../core/cursor';
import {
  DuplicateKeyError,
  isActiveAdmin,
  LastAdminError,
  type ChangeSet,
  type ProductPatch,
  type ProductSearch,
  type ProductSearchPage,
  type ProductUpsert,
  type Scope,
  type UserRecord,
} from '../core/port';
import { ChangeCollector } from '../core/change-collector';
import { toProduct, toUser, toWarehouse, type ProductRow, type UserRow, type WarehouseRow } from '../core/rows';
import { inJsonList, type Statements } from './statements';
import { newProductParams } from '../sql/product-params';
import { exactMatchesFirst, pageOf } from '../core/page';
import { writeProductCodes } from './product-packs';

/** Users, warehouses and products: plain rows, unique keys mapped to DuplicateKeyError. */

/** better-sqlite3 reports "UNIQUE constraint failed: products.sku"; the column is the field. */
export function asDuplicate(error: unknown): never {
  const e = error as { code?: string; message?: string };
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    const column = /failed: \w+\.(\w+)/.exec(e.message ?? '')?.[1] ?? 'id';
    throw new DuplicateKeyError(column);
  }
  throw error;
}

export function createUser(sql: Statements, user: UserRecord): UserRecord {
  try {
    sql.run(
      'INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at, token_version, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        user.id,
        user.username,
        user.passwordHash,
        user.role,
        JSON.stringify(user.warehouseIds),
        user.createdAt,
        user.tokenVersion,
        user.active ? 1 : 0,
      ],
    );
  } catch (error) {
    // The case-insensitive index reports itself by name, not by column.
    if (/users_username_nocase/.test((error as Error).message ?? '')) throw new DuplicateKeyError('username');
    asDuplicate(error);
  }
  return { ...user, warehouseIds: [...user.warehouseIds] };
}

export function findUser(sql: Statements, column: 'id' | 'username', value: string): UserRecord | null {
  // Usernames match regardless of case (through the users_username_nocase index).
  const where = column === 'id' ? 'id = ?' : 'lower(username) = lower(?)';
  const row = sql.get<UserRow>(`SELECT * FROM users WHERE ${where}`, [value]);
  return row ? toUser(row) : null;
}

export function updateUser(
  sql: Statements,
  input: {
    id: string;
    role?: UserRecord['role'] | undefined;
    warehouseIds?: string[] | undefined;
    passwordHash?: string | undefined;
    active?: boolean | undefined;
  },
): UserRecord | null {
  // The caller's transaction holds SQLite's one write lock: the count below sees every committed admin change.
  const before = sql.get<UserRow>('SELECT * FROM users WHERE id = ?', [input.id]);
  const row = sql.get<UserRow>(
    `UPDATE users SET role = coalesce(@role, role), warehouse_ids = coalesce(@warehouseIds, warehouse_ids),
       password_hash = coalesce(@passwordHash, password_hash), active = coalesce(@active, active),
       token_version = token_version + 1
     WHERE id = @id RETURNING *`,
    {
      id: input.id,
      role: input.role ?? null,
      warehouseIds: input.warehouseIds ? JSON.stringify(input.warehouseIds) : null,
      passwordHash: input.passwordHash ?? null,
      active: input.active === undefined ? null : input.active ? 1 : 0,
    },
  );
  if (!row) return null;
  const user = toUser(row);
  if (before && isActiveAdmin(toUser(before)) && !isActiveAdmin(user)) {
    const admins =
      sql.get<{ n: number }>(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1`)?.n ?? 0;
    if (admins === 0) throw new LastAdminError();
  }
  return user;
}

export function listUsers(sql: Statements): UserRecord[] {
  return sql.all<UserRow>('SELECT * FROM users ORDER BY username').map(toUser);
}

export function createWarehouse(
  sql: Statements,
  input: CreateWarehouseRequest & { id: string; now: string },
): { warehouse: Warehouse; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  let row: WarehouseRow | undefined;
  try {
    row = sql.get<WarehouseRow>(
      'INSERT INTO warehouses (id, code, name, location, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?) RETURNING *',
      [input.id, input.code, input.name, input.location ?? null, input.now, changes.seq()],
    );
  } catch (error) {
    asDuplicate(error);
  }
  if (!row) throw new Error('warehouse insert returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

export function listWarehouses(sql: Statements, scope: Scope): Warehouse[] {
  const rows = scope.all
    ? sql.all<WarehouseRow>('SELECT * FROM warehouses ORDER BY code')
    : sql.all<WarehouseRow>(`SELECT * FROM warehouses WHERE ${inJsonList('id', 'scope')} ORDER BY code`, {
        scope: JSON.stringify(scope.warehouseIds),
      });
  return rows.map(toWarehouse);
}

export function getWarehouse(sql: Statements, id: string): Warehouse | null {
  const row = sql.get<WarehouseRow>('SELECT * FROM warehouses WHERE id = ?', [id]);
  return row ? toWarehouse(row) : null;
}

export function updateWarehouse(
  sql: Statements,
  input: { id: string; name?: string | undefined; archived?: boolean | undefined; now: string },
): { warehouse: Warehouse; changes: ChangeSet } | null {
  const changes = new ChangeCollector(sql);
  if (!sql.get('SELECT 1 AS found FROM warehouses WHERE id = ?', [input.id])) return null;
  const row = sql.get<WarehouseRow>(
    `UPDATE warehouses SET name = coalesce(@name, name), archived = coalesce(@archived, archived), updated_at = @now, seq = @seq
     WHERE id = @id RETURNING *`,
    {
      id: input.id,
      name: input.name ?? null,
      archived: input.archived === undefined ? null : input.archived ? 1 : 0,
      now: input.now,
      seq: changes.seq(),
    },
  );
  if (!row) throw new Error('warehouse update returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

const INSERT_PRODUCT = `INSERT INTO products (id, sku, name, barcode, description, category, unit, updated_at, seq, search_text)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;

export function createProduct(
  sql: Statements,
  input: CreateProductRequest & { id: string; now: string },
): { product: Product; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  let row: ProductRow | undefined;
  try {
    row = sql.get<ProductRow>(INSERT_PRODUCT, newProductParams(input, input.now, changes.seq()));
  } catch (error) {
    asDuplicate(error);
  }
  if (!row) throw new Error('product insert returned nothing');
  const product = writeProductCodes(sql, toProduct(row), input.packs);
  return { product, changes: changes.result({ products: [product] }) };
}

export function getProduct(sql: Statements, id: string): Product | null {
  const row = sql.get<ProductRow>('SELECT * FROM products WHERE id = ?', [id]);
  return row ? toProduct(row) : null;
}

/** One product's change inside an open write; null when there is no such product. */
function patchProduct(
  sql: Statements,
  changes: ChangeCollector,
  id: string,
  patch: ProductPatch,
  now: string,
): Product | null {
  const sets: string[] = [];
  const params: Record<string, unknown> = { id, now };
  for (const field of ['sku', 'name', 'barcode', 'description', 'category', 'unit'] as const) {
    if (patch[field] === undefined) continue;
    sets.push(`${field} = @${field}`);
    params[field] = patch[field];
  }
  if (patch.archived !== undefined) {
    sets.push('archived = @archived');
    params.archived = patch.archived ? 1 : 0;
  }
  const before = sql.get<{ name: string; sku: string; barcode: string | null }>(
    'SELECT name, sku, barcode FROM products WHERE id = ?',
    [id],
  );
  if (!before) return null;
  sets.push('search_text = @searchText');
  params.searchText = productSearchText({
    name: patch.name ?? before.name,
    sku: patch.sku ?? before.sku,
    barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
  });
  params.seq = changes.seq();
  let row: ProductRow | undefined;
  try {
    row = sql.get<ProductRow>(
      `UPDATE products SET ${[...sets, 'updated_at = @now', 'seq = @seq'].join(', ')} WHERE id = @id RETURNING *`,
      params,
    );
  } catch (error) {
    asDuplicate(error);
  }
  return row ? writeProductCodes(sql, toProduct(row), patch.packs) : null;
}

export function updateProduct(
  sql: Statements,
  input: { id: string; patch: ProductPatch; now: string },
): { product: Product; changes: ChangeSet } | null {
  const changes = new ChangeCollector(sql);
  const product = patchProduct(sql, changes, input.id, input.patch, input.now);
  return product ? { product, changes: changes.result({ products: [product] }) } : null;
}

/** Every line of a planned import, in one transaction (the caller's): a clash aborts them all. */
export function upsertProducts(
  sql: Statements,
  input: { lines: ProductUpsert[]; now: string },
): { changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  const products: Product[] = [];
  for (const line of input.lines) {
    if (line.kind === 'create') {
      let row: ProductRow | undefined;
      try {
        row = sql.get<ProductRow>(INSERT_PRODUCT, newProductParams(line, input.now, changes.seq()));
      } catch (error) {
        asDuplicate(error);
      }
      if (row) products.push(writeProductCodes(sql, toProduct(row), line.packs));
    } else {
      const product = patchProduct(sql, changes, line.id, line.patch, input.now);
      if (!product) throw new Error(`import: product ${line.id} vanished`);
      products.push(product);
    }
  }
  return { changes: changes.result({ products }) };
}

export function findProductsByKeys(sql: Statements, keys: { skus: string[]; barcodes: string[] }): Product[] {
  return sql
    .all<ProductRow>(
      `SELECT * FROM products WHERE lower(sku) IN (SELECT lower(value) FROM json_each(@skus))
       UNION SELECT * FROM products WHERE barcode IN (SELECT value FROM json_each(@barcodes))`,
      { skus: JSON.stringify(keys.skus), barcodes: JSON.stringify(keys.barcodes) },
    )
    .map(toProduct);
}

/** FTS5 query text for a literal substring: one quoted phrase, quotes doubled. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

type ProductSeqRow = ProductRow & { seq: number };

/**
 * The catalogue list (see ProductSearch in the port). Every variant reads an index in its own
 * order and stops at the limit: products_by_name for the list and short prefixes, the FTS5
 * trigram index over search_text (rowid = seq, read newest first) for words, the unique SKU and barcode
 * indexes for exact matches. No variant sorts the matches, so none costs more for a common word.
 */
export function findProducts(sql: Statements, query: ProductSearch): ProductSearchPage {
  const archived = query.archived === undefined ? '' : ` AND archived = ${query.archived ? 1 : 0}`;
  if (query.barcode !== undefined && !query.q) {
    const rows = sql.all<ProductRow>(
      `SELECT * FROM products WHERE id IN (SELECT product_id FROM product_codes WHERE code = @barcode)${archived}`,
      {
        barcode: query.barcode,
      },
    );
    return { items: rows.map(toProduct), nextCursor: null };
  }
  const q = query.q?.trim() || undefined;
  const order = productOrder(q);
  const params: Record<string, unknown> = { limit: query.limit + 1 };
  let rows: ProductRow[];
  if (order === 'seq') {
    // Every word must match: those of 3+ characters through the trigram index (which matches
    // nothing shorter), the shorter ones checked on the rows it yields.
    const { indexed, short } = splitSearchWords(q as string);
    params.match = indexed.map(phrase).join(' AND ');
    const shortFilter = short.map((word, i) => ` AND instr(p.search_text, @short${i}) > 0`).join('');
    short.forEach((word, i) => (params[`short${i}`] = word));
    params.before =
      query.cursor === undefined
        ? Number.MAX_SAFE_INTEGER
        : (decodeProductCursor(query.cursor, 'seq') as { seq: number }).seq;
    rows = sql.all<ProductSeqRow>(
      `SELECT p.* FROM products_search_fts f JOIN products p ON p.seq = f.rowid
       WHERE products_search_fts MATCH @match AND f.rowid < @before${shortFilter}${archived.replace('archived', 'p.archived')}
       ORDER BY f.rowid DESC LIMIT @limit`,
      params,
    );
  } else {
    const where: string[] = [];
    if (q) {
      // A prefix as a range of the NOCASE index: every name starting with q sorts in [q, q + max).
      where.push('name COLLATE NOCASE >= @low AND name COLLATE NOCASE < @high');
      params.low = q.toLowerCase();
      params.high = `${q.toLowerCase()}\u{10FFFF}`;
    }
    if (query.cursor !== undefined) {
      const after = decodeProductCursor(query.cursor, 'name') as { name: string; id: string };
      // Written so the first term seeks products_by_name (a row-value comparison would scan it).
      where.push('name COLLATE NOCASE >= @afterName AND (name COLLATE NOCASE > @afterName OR id > @afterId)');
      params.afterName = after.name;
      params.afterId = after.id;
    }
    const filter = where.length
      ? `WHERE ${where.join(' AND ')}${archived}`
      : archived
        ? `WHERE ${archived.slice(5)}`
        : '';
    rows = sql.all<ProductRow>(
      `SELECT * FROM products ${filter} ORDER BY name COLLATE NOCASE, id LIMIT @limit`,
      params,
    );
  }
  const page = pageOf(rows, query.limit, toProduct, (last) =>
    encodeProductCursor(
      order === 'seq' ? { kind: 'seq', seq: last.seq } : { kind: 'name', name: last.name, id: last.id },
    ),
  );
  if (q && query.cursor === undefined) {
    const exact = sql
      .all<ProductRow>(
        `SELECT * FROM products WHERE (sku = @q OR id IN (SELECT product_id FROM product_codes WHERE code = @q))${archived}`,
        { q },
      )
      .map(toProduct);
    return { ...page, items: exactMatchesFirst(exact, page.items) };
  }
  return page;
}
