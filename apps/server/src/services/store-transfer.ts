import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { MovementInput, Product, RecordedMovement, Warehouse, type StockRow } from '@stockline/protocol';
import type { Store, UserRecord } from '../store/port';

/**
 * Moving a site from one store to another (SQLite to MongoDB, usually): `admin export` writes
 * everything that makes the inventory as JSON lines, `admin import` replays it into an EMPTY
 * store through the ordinary store writes, and then checks it: every movement gets the verdict
 * it had, every row the quantity it had, and stock == ledger.
 *
 * Movements are replayed in their original order (oldest first) with their original user and
 * time, so the guarded updates decide exactly as they did. Not carried over: alert history and
 * acknowledgements (alerts are raised again where rows are below their thresholds), and the
 * store epoch (the target has its own, so devices pull from the start and push again what the
 * target does not know: see docs/operations.md).
 */

const ALL = { all: true } as const;
export const EXPORT_FORMAT = 'stockline-export';

const UserLine = z.object({
  kind: z.literal('user'),
  user: z.object({ id: z.string(), username: z.string(), passwordHash: z.string(), role: z.enum(['clerk', 'manager', 'admin']), warehouseIds: z.array(z.string()), createdAt: z.string(), tokenVersion: z.number().int().min(0).default(0) }),
});
const Line = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), format: z.literal(EXPORT_FORMAT), version: z.literal(1), exportedAt: z.string(), from: z.string() }),
  UserLine,
  z.object({ kind: z.literal('warehouse'), warehouse: Warehouse }),
  z.object({ kind: z.literal('product'), product: Product }),
  z.object({ kind: z.literal('movement'), movement: RecordedMovement }),
  z.object({ kind: z.literal('row'), warehouseId: z.string(), productId: z.string(), qty: z.number().int(), threshold: z.number().int() }),
]);
type Line = z.infer<typeof Line>;

export interface TransferCounts {
  users: number;
  warehouses: number;
  products: number;
  movements: number;
  rows: number;
}

async function allProducts(store: Store): Promise<Product[]> {
  const products: Product[] = [];
  let after = 0;
  for (;;) {
    const page = await store.pull('products', { after, limit: 1000, scope: ALL });
    products.push(...page.documents);
    if (page.documents.length === 0 || page.remaining === 0) return products;
    after = page.checkpoint.seq;
  }
}

/** Every movement once, oldest first (the ledger lists newest first, a transfer under both warehouses). */
async function allMovements(store: Store): Promise<RecordedMovement[]> {
  const newestFirst: RecordedMovement[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await store.listMovements({ scope: ALL, limit: 500, cursor });
    for (const m of page.items) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      newestFirst.push(m);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return newestFirst.reverse();
}

export async function exportStore(store: Store, file: string): Promise<TransferCounts> {
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const write = async (line: Line) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  const counts: TransferCounts = { users: 0, warehouses: 0, products: 0, movements: 0, rows: 0 };
  await write({ kind: 'header', format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), from: store.kind });
  for (const user of await store.listUsers()) {
    await write({ kind: 'user', user });
    counts.users++;
  }
  for (const warehouse of await store.listWarehouses(ALL)) {
    await write({ kind: 'warehouse', warehouse });
    counts.warehouses++;
  }
  for (const product of await allProducts(store)) {
    await write({ kind: 'product', product });
    counts.products++;
  }
  for (const movement of await allMovements(store)) {
    await write({ kind: 'movement', movement });
    counts.movements++;
  }
  for (const row of await store.listStock({ scope: ALL })) {
    await write({ kind: 'row', warehouseId: row.warehouseId, productId: row.productId, qty: row.qty, threshold: row.threshold });
    counts.rows++;
  }
  out.end();
  await once(out, 'finish');
  return counts;
}

export class ImportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailed';
  }
}

/** Replays an export into an empty store, then checks verdicts, quantities and stock == ledger. */
export async function importStore(store: Store, file: string): Promise<TransferCounts> {
  if ((await store.countUsers()) > 0 || (await store.listWarehouses(ALL)).length > 0) {
    throw new ImportFailed('the target store is not empty: import only into a new store');
  }
  const counts: TransferCounts = { users: 0, warehouses: 0, products: 0, movements: 0, rows: 0 };
  const rows: Extract<Line, { kind: 'row' }>[] = [];
  let header = false;
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!text.trim()) continue;
    const parsed = Line.safeParse(JSON.parse(text));
    if (!parsed.success) throw new ImportFailed(`line ${n}: not a line of a ${EXPORT_FORMAT} file`);
    const line = parsed.data;
    if (!header && line.kind !== 'header') throw new ImportFailed(`line ${n}: the file does not start with a ${EXPORT_FORMAT} header`);
    switch (line.kind) {
      case 'header':
        header = true;
        break;
      case 'user':
        await store.createUser(line.user as UserRecord);
        counts.users++;
        break;
      case 'warehouse': {
        const w = line.warehouse;
        await store.createWarehouse({ id: w.id, code: w.code, name: w.name, ...(w.location === null ? {} : { location: w.location }), now: w.updatedAt });
        counts.warehouses++;
        break;
      }
      case 'product': {
        const p = line.product;
        await store.createProduct({
          id: p.id,
          sku: p.sku,
          name: p.name,
          ...(p.barcode === null ? {} : { barcode: p.barcode }),
          ...(p.description === null ? {} : { description: p.description }),
          ...(p.category === null ? {} : { category: p.category }),
          now: p.updatedAt,
        });
        counts.products++;
        break;
      }
      case 'movement': {
        const m = line.movement;
        const input = MovementInput.parse(stripRecorded(m));
        const result = await store.applyMovements({ userId: m.userId, scope: ALL, movements: [input], now: m.recordedAt });
        const verdict = result.verdicts[0];
        if (verdict?.status !== m.verdict.status || verdict.reason !== m.verdict.reason) {
          throw new ImportFailed(`movement ${m.id}: was ${m.verdict.status}${m.verdict.reason ? `/${m.verdict.reason}` : ''}, replayed as ${verdict?.status}/${verdict?.reason ?? ''}`);
        }
        counts.movements++;
        break;
      }
      case 'row':
        rows.push(line);
        break;
    }
  }
  for (const row of rows) {
    if (row.threshold > 0) await store.setThreshold({ warehouseId: row.warehouseId, productId: row.productId, threshold: row.threshold, now: new Date().toISOString() });
    counts.rows++;
  }
  await checkImported(store, rows);
  return counts;
}

function stripRecorded(m: RecordedMovement): unknown {
  const { userId: _u, recordedAt: _r, verdict: _v, ...input } = m;
  return input;
}

/** Every row as exported, and stock == the sum of the applied movements' legs (I3). */
async function checkImported(store: Store, expected: { warehouseId: string; productId: string; qty: number }[]): Promise<void> {
  const key = (w: string, p: string) => `${w}|${p}`;
  const actual = new Map<string, StockRow>((await store.listStock({ scope: ALL })).map((r) => [key(r.warehouseId, r.productId), r]));
  for (const row of expected) {
    const got = actual.get(key(row.warehouseId, row.productId))?.qty ?? 0;
    if (got !== row.qty) throw new ImportFailed(`row ${row.warehouseId}/${row.productId}: exported qty ${row.qty}, imported ${got}`);
  }
  const sums = new Map<string, number>();
  const add = (w: string, p: string, d: number) => sums.set(key(w, p), (sums.get(key(w, p)) ?? 0) + d);
  for (const m of await allMovements(store)) {
    if (m.verdict.status !== 'applied') continue;
    if (m.type === 'purchase') add(m.warehouseId, m.productId, -m.quantity);
    else if (m.type === 'restock' || m.type === 'return') add(m.warehouseId, m.productId, m.quantity);
    else if (m.type === 'transfer') {
      add(m.warehouseId, m.productId, -m.quantity);
      add(m.toWarehouseId, m.productId, m.quantity);
    } else add(m.warehouseId, m.productId, m.verdict.count?.appliedDelta ?? 0);
  }
  for (const [k, row] of actual) {
    if ((sums.get(k) ?? 0) !== row.qty) throw new ImportFailed(`row ${k}: qty ${row.qty} but the ledger sums ${sums.get(k) ?? 0}`);
  }
}
