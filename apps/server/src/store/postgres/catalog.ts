import type { CreateProductRequest, CreateWarehouseRequest, Product, Warehouse } from '@stockline/protocol';
import {
  DuplicateKeyError,
  isActiveAdmin,
  LastAdminError,
  type ChangeSet,
  type Scope,
  type UserRecord,
} from '../core/port';
import { toProduct, toUser, toWarehouse, type ProductRow, type UserRow, type WarehouseRow } from '../core/rows';
import { ChangeCollector } from '../core/change-collector';
import type { Sql, WriteTx } from './db';
import { newProductParams } from '../sql/product-params';
import { writeProductCodes } from './product-packs';

/** Users, warehouses and products: plain rows, unique keys mapped to DuplicateKeyError. */

/** PostgreSQL reports a unique violation as 23505 with detail "Key (sku)=(...) already exists." */
export function asDuplicate(error: unknown): never {
  const e = error as { code?: string; detail?: string };
  if (e.code === '23505') throw new DuplicateKeyError(/Key \((\w+)\)/.exec(e.detail ?? '')?.[1] ?? 'id');
  throw error;
}

export async function createUser(sql: Sql, user: UserRecord): Promise<UserRecord> {
  try {
    await sql.all(
      'INSERT INTO users (id, username, password_hash, role, warehouse_ids, created_at, token_version, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
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
    // The case-insensitive index reports an expression, not a column.
    if ((error as { constraint?: string }).constraint === 'users_username_nocase')
      throw new DuplicateKeyError('username');
    asDuplicate(error);
  }
  return { ...user, warehouseIds: [...user.warehouseIds] };
}

export async function findUser(sql: Sql, column: 'id' | 'username', value: string): Promise<UserRecord | null> {
  // Usernames match regardless of case (through the users_username_nocase index).
  const where = column === 'id' ? 'id = $1' : 'lower(username) = lower($1)';
  const row = await sql.one<UserRow>(`SELECT * FROM users WHERE ${where}`, [value]);
  return row ? toUser(row) : null;
}

/** Any constant: the advisory lock every user change takes (see updateUser). */
const USER_CHANGE_LOCK = 0x55534552; // "USER"

export async function updateUser(
  sql: Sql,
  input: {
    id: string;
    role?: UserRecord['role'] | undefined;
    warehouseIds?: string[] | undefined;
    passwordHash?: string | undefined;
    active?: boolean | undefined;
  },
): Promise<UserRecord | null> {
  // Runs inside a transaction (db.write). Every change of a user first takes this one
  // transaction-level lock, so two of them run one after the other; under READ COMMITTED the
  // reads after the lock see the change committed before it, and the count below cannot miss it.
  await sql.all('SELECT pg_advisory_xact_lock($1)', [USER_CHANGE_LOCK]);
  const before = await sql.one<UserRow>('SELECT * FROM users WHERE id = $1', [input.id]);
  const row = await sql.one<UserRow>(
    `UPDATE users SET role = coalesce($2, role), warehouse_ids = coalesce($3, warehouse_ids),
       password_hash = coalesce($4, password_hash), active = coalesce($5::integer, active),
       token_version = token_version + 1
     WHERE id = $1 RETURNING *`,
    [
      input.id,
      input.role ?? null,
      input.warehouseIds ? JSON.stringify(input.warehouseIds) : null,
      input.passwordHash ?? null,
      input.active === undefined ? null : input.active ? 1 : 0,
    ],
  );
  if (!row) return null;
  const user = toUser(row);
  if (before && isActiveAdmin(toUser(before)) && !isActiveAdmin(user)) {
    const admins = await sql.one<{ n: number }>(
      `SELECT count(*)::integer AS n FROM users WHERE role = 'admin' AND active = 1`,
    );
    if (!admins || admins.n === 0) throw new LastAdminError();
  }
  return user;
}

export async function listUsers(sql: Sql): Promise<UserRecord[]> {
  return (await sql.all<UserRow>('SELECT * FROM users ORDER BY username')).map(toUser);
}

export async function createWarehouse(
  tx: WriteTx,
  input: CreateWarehouseRequest & { id: string; now: string },
): Promise<{ warehouse: Warehouse; changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  let row: WarehouseRow | undefined;
  try {
    row = await tx.one<WarehouseRow>(
      'INSERT INTO warehouses (id, code, name, location, updated_at, seq) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [input.id, input.code, input.name, input.location ?? null, input.now, changes.seq()],
    );
  } catch (error) {
    asDuplicate(error);
  }
  if (!row) throw new Error('warehouse insert returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

export async function listWarehouses(sql: Sql, scope: Scope): Promise<Warehouse[]> {
  const rows = scope.all
    ? await sql.all<WarehouseRow>('SELECT * FROM warehouses ORDER BY code')
    : await sql.all<WarehouseRow>('SELECT * FROM warehouses WHERE id = ANY($1::text[]) ORDER BY code', [
        scope.warehouseIds,
      ]);
  return rows.map(toWarehouse);
}

export async function getWarehouse(sql: Sql, id: string): Promise<Warehouse | null> {
  const row = await sql.one<WarehouseRow>('SELECT * FROM warehouses WHERE id = $1', [id]);
  return row ? toWarehouse(row) : null;
}

/** The tenth value is the product's search_text (see newProductParams). */
export const INSERT_PRODUCT = `INSERT INTO products (id, sku, name, barcode, description, category, unit, updated_at, seq, search_text)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`;

export async function createProduct(
  tx: WriteTx,
  input: CreateProductRequest & { id: string; now: string },
): Promise<{ product: Product; changes: ChangeSet }> {
  const changes = new ChangeCollector(tx);
  let row: ProductRow | undefined;
  try {
    row = await tx.one<ProductRow>(INSERT_PRODUCT, newProductParams(input, input.now, changes.seq()));
  } catch (error) {
    asDuplicate(error);
  }
  if (!row) throw new Error('product insert returned nothing');
  const product = await writeProductCodes(tx, toProduct(row), input.packs);
  return { product, changes: changes.result({ products: [product] }) };
}

export async function getProduct(sql: Sql, id: string): Promise<Product | null> {
  const row = await sql.one<ProductRow>('SELECT * FROM products WHERE id = $1', [id]);
  return row ? toProduct(row) : null;
}
