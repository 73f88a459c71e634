import type { CreateProductRequest, CreateWarehouseRequest, Product, Warehouse } from '@stockline/protocol';
import { DuplicateKeyError, type ChangeSet, type Scope, type UserRecord } from '../port';
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
      'INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at, token_version) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [user.id, user.username, user.passwordHash, user.role, JSON.stringify(user.warehouseIds), user.createdAt, user.tokenVersion],
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
  input: { id: string; role?: UserRecord['role'] | undefined; warehouseIds?: string[] | undefined; passwordHash?: string | undefined },
): UserRecord | null {
  const row = sql.get<UserRow>(
    `UPDATE users SET role = coalesce(@role, role), warehouse_ids = coalesce(@warehouseIds, warehouse_ids),
       password_hash = coalesce(@passwordHash, password_hash), token_version = token_version + 1
     WHERE id = @id RETURNING *`,
    {
      id: input.id,
      role: input.role ?? null,
      warehouseIds: input.warehouseIds ? JSON.stringify(input.warehouseIds) : null,
      passwordHash: input.passwordHash ?? null,
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

export function createProduct(
  sql: Statements,
  input: CreateProductRequest & { id: string; now: string },
): { product: Product; changes: ChangeSet } {
  const changes = new ChangeCollector(sql);
  let row: ProductRow | undefined;
  try {
    row = sql.get<ProductRow>(
      `INSERT INTO products (id, sku, name, barcode, description, category, updated_at, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        input.id,
        input.sku,
        input.name,
        input.barcode ?? null,
        input.description ?? null,
        input.category ?? null,
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

/**
 * `barcode` is an exact match (indexed); `q` is a case-insensitive substring of name, SKU or
 * barcode. instr() over fold() (see connection.ts) avoids LIKE's wildcard characters in user input.
 */
export function findProducts(sql: Statements, query: { q?: string | undefined; barcode?: string | undefined; limit: number }): Product[] {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: query.limit };
  if (query.barcode !== undefined) {
    where.push('barcode = @barcode');
    params.barcode = query.barcode;
  }
  if (query.q !== undefined && query.q !== '') {
    where.push(`(instr(fold(name), @q) > 0 OR instr(fold(sku), @q) > 0 OR instr(fold(coalesce(barcode, '')), @q) > 0)`);
    params.q = query.q.toLowerCase();
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  return sql.all<ProductRow>(`SELECT * FROM products ${filter} ORDER BY name, sku LIMIT @limit`, params).map(toProduct);
}
