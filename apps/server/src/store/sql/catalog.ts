import { productSearchText } from '@stockline/domain';
import type { Product, Warehouse } from '@stockline/protocol';
import { ChangeCollector, type Sequence } from '../core/change-collector';
import { DuplicateKeyError, type ChangeSet, type ProductPatch, type Scope, type Store } from '../core/port';
import { toProduct, toWarehouse, type ProductRow, type WarehouseRow } from '../core/rows';
import { statement, type Dialect, type Query } from './dialect';
import { newProductParams } from './product-params';
import { all, one, type Program } from './program';
import { writeProductCodes } from './product-packs';

/**
 * Warehouses and products, shared by SQLite and PostgreSQL: plain rows, unique keys as
 * DuplicateKeyError. Writes run inside the store's write transaction and take their seqs from
 * `seqs` (the store's sequence inside that transaction).
 */

/** Runs a write statement; a unique key it violates becomes DuplicateKeyError. */
export function* unique<T>(d: Dialect, query: Query): Program<T | undefined> {
  try {
    return yield* one<T>(query);
  } catch (error) {
    const key = d.duplicateKey(error);
    if (key !== undefined) throw new DuplicateKeyError(key);
    throw error;
  }
}

/** A boolean column (stored as 0/1) set to `value`, or left as it is when undefined. */
function flag(value: boolean | undefined): number | null {
  return value === undefined ? null : value ? 1 : 0;
}

export function* createWarehouse(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['createWarehouse']>[0],
): Program<{ warehouse: Warehouse; changes: ChangeSet }> {
  const changes = new ChangeCollector(seqs);
  const values = [input.id, input.code, input.name, input.location ?? null, input.now, changes.seq()];
  const row = yield* unique<WarehouseRow>(
    d,
    statement(
      d,
      (p) =>
        `INSERT INTO warehouses (id, code, name, location, updated_at, seq) VALUES (${values.map((v) => p.add(v)).join(', ')}) RETURNING *`,
    ),
  );
  if (!row) throw new Error('warehouse insert returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

export function* listWarehouses(d: Dialect, scope: Scope): Program<Warehouse[]> {
  const rows = yield* all<WarehouseRow>(
    statement(
      d,
      (p) => `SELECT * FROM warehouses ${scope.all ? '' : `WHERE ${p.inList('id', scope.warehouseIds)}`} ORDER BY code`,
    ),
  );
  return rows.map(toWarehouse);
}

export function* getWarehouse(d: Dialect, id: string): Program<Warehouse | null> {
  const row = yield* one<WarehouseRow>(statement(d, (p) => `SELECT * FROM warehouses WHERE id = ${p.add(id)}`));
  return row ? toWarehouse(row) : null;
}

export function* updateWarehouse(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['updateWarehouse']>[0],
): Program<{ warehouse: Warehouse; changes: ChangeSet } | null> {
  if (!(yield* one(statement(d, (p) => `SELECT 1 AS found FROM warehouses WHERE id = ${p.add(input.id)}`))))
    return null;
  const changes = new ChangeCollector(seqs);
  const row = yield* one<WarehouseRow>(
    statement(
      d,
      (p) =>
        `UPDATE warehouses SET name = coalesce(${p.add(input.name ?? null)}, name),
           archived = coalesce(CAST(${p.add(flag(input.archived))} AS integer), archived),
           updated_at = ${p.add(input.now)}, seq = ${p.add(changes.seq())}
         WHERE id = ${p.add(input.id)} RETURNING *`,
    ),
  );
  if (!row) throw new Error('warehouse update returned nothing');
  const warehouse = toWarehouse(row);
  return { warehouse, changes: changes.result({ warehouses: [warehouse] }) };
}

/** A new product's row; its parameters (newProductParams) end with the folded search text. */
function insertProduct(d: Dialect, params: unknown[]): Query {
  return statement(
    d,
    (p) =>
      `INSERT INTO products (id, sku, name, barcode, description, category, unit, updated_at, seq, search_text)
       VALUES (${params.map((v) => p.add(v)).join(', ')}) RETURNING *`,
  );
}

export function* createProduct(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['createProduct']>[0],
): Program<{ product: Product; changes: ChangeSet }> {
  const changes = new ChangeCollector(seqs);
  const row = yield* unique<ProductRow>(d, insertProduct(d, newProductParams(input, input.now, changes.seq())));
  if (!row) throw new Error('product insert returned nothing');
  const product = yield* writeProductCodes(d, toProduct(row), input.packs);
  return { product, changes: changes.result({ products: [product] }) };
}

export function* getProduct(d: Dialect, id: string): Program<Product | null> {
  const row = yield* one<ProductRow>(statement(d, (p) => `SELECT * FROM products WHERE id = ${p.add(id)}`));
  return row ? toProduct(row) : null;
}

const PATCHED_FIELDS = ['sku', 'name', 'barcode', 'description', 'category', 'unit'] as const;

/** One product's change inside an open write; null when there is no such product. */
function* patchProduct(
  d: Dialect,
  changes: ChangeCollector,
  id: string,
  patch: ProductPatch,
  now: string,
): Program<Product | null> {
  const before = yield* one<{ name: string; sku: string; barcode: string | null }>(
    statement(d, (p) => `SELECT name, sku, barcode FROM products WHERE id = ${p.add(id)}`),
  );
  if (!before) return null;
  const searchText = productSearchText({
    name: patch.name ?? before.name,
    sku: patch.sku ?? before.sku,
    barcode: patch.barcode === undefined ? before.barcode : patch.barcode,
  });
  const seq = changes.seq();
  const row = yield* unique<ProductRow>(
    d,
    statement(d, (p) => {
      const sets = PATCHED_FIELDS.filter((field) => patch[field] !== undefined).map(
        (field) => `${field} = ${p.add(patch[field])}`,
      );
      if (patch.archived !== undefined) sets.push(`archived = ${p.add(flag(patch.archived))}`);
      sets.push(`search_text = ${p.add(searchText)}`, `updated_at = ${p.add(now)}`, `seq = ${p.add(seq)}`);
      return `UPDATE products SET ${sets.join(', ')} WHERE id = ${p.add(id)} RETURNING *`;
    }),
  );
  return row ? yield* writeProductCodes(d, toProduct(row), patch.packs) : null;
}

export function* updateProduct(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['updateProduct']>[0],
): Program<{ product: Product; changes: ChangeSet } | null> {
  const changes = new ChangeCollector(seqs);
  const product = yield* patchProduct(d, changes, input.id, input.patch, input.now);
  return product ? { product, changes: changes.result({ products: [product] }) } : null;
}

/** Every line of a planned import, in the caller's one transaction: a clash aborts them all. */
export function* upsertProducts(
  d: Dialect,
  seqs: Sequence,
  input: Parameters<Store['upsertProducts']>[0],
): Program<{ changes: ChangeSet }> {
  const changes = new ChangeCollector(seqs);
  const products: Product[] = [];
  for (const line of input.lines) {
    if (line.kind === 'create') {
      const row = yield* unique<ProductRow>(d, insertProduct(d, newProductParams(line, input.now, changes.seq())));
      if (row) products.push(yield* writeProductCodes(d, toProduct(row), line.packs));
    } else {
      const product = yield* patchProduct(d, changes, line.id, line.patch, input.now);
      if (!product) throw new Error(`import: product ${line.id} vanished`);
      products.push(product);
    }
  }
  return { changes: changes.result({ products }) };
}

/** Products by SKU (regardless of case) or barcode, for planning an import. */
export function* findProductsByKeys(d: Dialect, keys: Parameters<Store['findProductsByKeys']>[0]): Program<Product[]> {
  const rows = yield* all<ProductRow>(
    statement(
      d,
      (p) =>
        `SELECT * FROM products WHERE lower(sku) IN (SELECT lower(value) FROM ${d.listRows(p.add(d.list(keys.skus)))})
         UNION SELECT * FROM products WHERE id IN (SELECT product_id FROM product_codes WHERE ${p.inList('code', keys.barcodes)})`,
    ),
  );
  return rows.map(toProduct);
}
