import type { CreateProductRequest, CreateWarehouseRequest, Product, Warehouse } from '@stockline/protocol';
import { DuplicateKeyError, type ChangeSet, type ProductPatch, type ProductSearch, type ProductUpsert, type Scope, type UserRecord } from '../port';
import { ChangeCollector } from './apply';
import { toProduct, toUser, toWarehouse, type ProductRow, type UserRow, type WarehouseRow } from './rows';
import { inJsonList, type Statements } from './statements';

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
      'INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at, active) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [user.id, user.username, user.passwordHash, user.role, JSON.stringify(user.warehouseIds), user.createdAt, user.active ? 1 : 0],
    );
  } catch (error) {
    asDuplicate(error);
  }
  return { ...user, warehouseIds: [...user.warehouseIds] };
}

export function findUser(sql: Statements, column: 'id' | 'username', value: string): UserRecord | null {
  const row = sql.get<UserRow>(`SELECT * FROM users WHERE ${column} = ?`, [value]);
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
  const row = sql.get<UserRow>(
    `UPDATE users SET role = coalesce(@role, role), warehouse_ids = coalesce(@warehouseIds, warehouse_ids),
       password_hash = coalesce(@passwordHash, password_hash), active = coalesce(@active, active)
     WHERE id = @id RETURNING *`,
    {
      id: input.id,
      role: input.role ?? null,
      warehouseIds: input.warehouseIds ? JSON.stringify(input.warehouseIds) : null,
      passwordHash: input.passwordHash ?? null,
      active: input.active === undefined ? null : input.active ? 1 : 0,
    },
  );
  return row ? toUser(row) : null;
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

const INSERT_PRODUCT = `INSERT INTO products (id, sku, name, barcode, description, category, unit, updated_at, seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`;

export function createProduct(
  sql: Statements,
  input: CreateProductRequest & { id: string; now: string },
): { product: Product; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  let row: ProductRow | undefined;
  try {
    row = sql.get<ProductRow>(
      INSERT_PRODUCT,
      [
        input.id,
        input.sku,
        input.name,
        input.barcode ?? null,
        input.description ?? null,
        input.category ?? null,
        input.unit ?? null,
        input.now,
        changes.seq(),
      ],
    );
  } catch (error) {
    asDuplicate(error);
  }
  if (!row) throw new Error('product insert returned nothing');
  const product = toProduct(row);
  return { product, changes: changes.result({ products: [product] }) };
}

export function getProduct(sql: Statements, id: string): Product | null {
  const row = sql.get<ProductRow>('SELECT * FROM products WHERE id = ?', [id]);
  return row ? toProduct(row) : null;
}

/** One product's change inside an open write; null when there is no such product. */
function patchProduct(sql: Statements, changes: ChangeCollector, id: string, patch: ProductPatch, now: string): Product | null {
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
  if (!sql.get('SELECT 1 AS found FROM products WHERE id = ?', [id])) return null;
  params.seq = changes.seq();
  let row: ProductRow | undefined;
  try {
    row = sql.get<ProductRow>(`UPDATE products SET ${[...sets, 'updated_at = @now', 'seq = @seq'].join(', ')} WHERE id = @id RETURNING *`, params);
  } catch (error) {
    asDuplicate(error);
  }
  return row ? toProduct(row) : null;
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
export function upsertProducts(sql: Statements, input: { lines: ProductUpsert[]; now: string }): { changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  const products: Product[] = [];
  for (const line of input.lines) {
    if (line.kind === 'create') {
      let row: ProductRow | undefined;
      try {
        row = sql.get<ProductRow>(INSERT_PRODUCT, [
          line.id,
          line.sku,
          line.name,
          line.barcode,
          line.description,
          line.category,
          line.unit,
          input.now,
          changes.seq(),
        ]);
      } catch (error) {
        asDuplicate(error);
      }
      if (row) products.push(toProduct(row));
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
      `SELECT * FROM products WHERE sku IN (SELECT value FROM json_each(@skus))
       UNION SELECT * FROM products WHERE barcode IN (SELECT value FROM json_each(@barcodes))`,
      { skus: JSON.stringify(keys.skus), barcodes: JSON.stringify(keys.barcodes) },
    )
    .map(toProduct);
}

/** FTS5 query text for a literal substring: one quoted phrase, quotes doubled. */
function phrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * The catalogue list, by name (NOCASE) then id, a page after `after`. Every path is indexed:
 * - `q` of 3+ characters: the trigram index finds the names containing it (the only rows read),
 *   plus exact SKU and barcode through their unique indexes;
 * - a shorter `q`: a name prefix, a range of products_by_name;
 * - no `q`: products_by_name from the cursor on.
 */
export function findProducts(sql: Statements, query: ProductSearch): Product[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit };
  if (query.barcode !== undefined) {
    where.push('barcode = @barcode');
    params.barcode = query.barcode;
  }
  const q = query.q?.trim();
  if (q) {
    params.q = q;
    const byName = [...q].length >= 3
      ? 'SELECT id FROM products WHERE seq IN (SELECT rowid FROM products_name_fts WHERE products_name_fts MATCH @phrase)'
      : 'SELECT id FROM products WHERE name COLLATE NOCASE >= @low AND name COLLATE NOCASE < @high';
    if ([...q].length >= 3) params.phrase = phrase(q);
    else {
      // A prefix as a range of the NOCASE index: every name starting with q sorts in [q, q + max).
      params.low = q.toLowerCase();
      params.high = `${q.toLowerCase()}\u{10FFFF}`;
    }
    where.push(`id IN (${byName} UNION SELECT id FROM products WHERE sku = @q UNION SELECT id FROM products WHERE barcode = @q)`);
  }
  if (query.archived !== undefined) {
    where.push('archived = @archived');
    params.archived = query.archived ? 1 : 0;
  }
  if (query.after) {
    // Written so the first term seeks products_by_name (a row-value comparison would scan it).
    where.push('name COLLATE NOCASE >= @afterName AND (name COLLATE NOCASE > @afterName OR id > @afterId)');
    params.afterName = query.after.name;
    params.afterId = query.after.id;
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return sql.all<ProductRow>(`SELECT * FROM products ${filter} ORDER BY name COLLATE NOCASE, id LIMIT @limit`, params).map(toProduct);
}
