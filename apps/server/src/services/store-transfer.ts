import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ledgerMismatches } from '@stockline/domain';
import {
  Alert,
  BinStockRow,
  Location,
  Product,
  RecordedMovement,
  ReviewOutcome,
  Role,
  StockRow,
  Warehouse,
} from '@stockline/protocol';
import type { Store } from '../store/core/port';
import { StoreNotEmptyError, type SiteImage } from '../store/site-image';

/**
 * Moving a site from one store to another (SQLite to PostgreSQL or MongoDB, and back): `admin
 * export` writes the whole site as JSON lines, `admin import` loads it into an EMPTY store in
 * one transaction (Store.loadSite: all of it or nothing), then reads the site back and compares
 * every field of every user, warehouse, location, product, stock row, bin quantity, movement
 * (verdicts as stored, not decided again), alert and review decision, and checks stock == ledger.
 *
 * Not carried: device contacts (devices report again) and the store epoch (the target keeps
 * its own, so devices pull from the start: see docs/operations.md).
 */

const ALL = { all: true } as const;
export const EXPORT_FORMAT = 'stockline-export';
/**
 * 1 carried movements only and replayed them; its files are refused with a clear message. 3 added
 * locations and bin quantities; a version 2 file (a site from before bins) is read as having none.
 */
export const EXPORT_VERSION = 3;
const READABLE_VERSIONS: readonly number[] = [2, EXPORT_VERSION];

const User = z.object({
  id: z.string(),
  username: z.string(),
  passwordHash: z.string(),
  role: Role,
  warehouseIds: z.array(z.string()),
  createdAt: z.string(),
  active: z.boolean(),
  tokenVersion: z.number().int().min(0),
});
const Header = z.object({
  kind: z.literal('header'),
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: z.string(),
  from: z.string(),
});
const Line = z.discriminatedUnion('kind', [
  Header,
  z.object({ kind: z.literal('user'), user: User }),
  z.object({ kind: z.literal('warehouse'), warehouse: Warehouse }),
  z.object({ kind: z.literal('location'), location: Location }),
  z.object({ kind: z.literal('product'), product: Product }),
  z.object({ kind: z.literal('row'), row: StockRow }),
  z.object({ kind: z.literal('bin'), bin: BinStockRow }),
  z.object({ kind: z.literal('movement'), movement: RecordedMovement }),
  z.object({ kind: z.literal('alert'), alert: Alert }),
  z.object({ kind: z.literal('review'), decision: ReviewOutcome }),
]);
type Line = z.infer<typeof Line>;

export interface TransferCounts {
  users: number;
  warehouses: number;
  products: number;
  rows: number;
  movements: number;
  alerts: number;
  reviewDecisions: number;
  /** Last, so the counts' printed form keeps its older keys where they were. */
  locations: number;
  bins: number;
}

export function countsOf(site: SiteImage): TransferCounts {
  return {
    users: site.users.length,
    warehouses: site.warehouses.length,
    products: site.products.length,
    rows: site.stock.length,
    movements: site.movements.length,
    alerts: site.alerts.length,
    reviewDecisions: site.reviewDecisions.length,
    locations: site.locations.length,
    bins: site.bins.length,
  };
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

/** Every movement once, oldest first (the ledger lists newest first). */
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

/** The whole site as the store holds it. */
export async function readSite(store: Store): Promise<SiteImage> {
  const warehouses = await store.listWarehouses(ALL);
  const perWarehouse = async <T>(read: (warehouseId: string) => Promise<T[]>) =>
    (await Promise.all(warehouses.map((w) => read(w.id)))).flat();
  return {
    users: await store.listUsers(),
    warehouses,
    locations: await perWarehouse((warehouseId) => store.listLocations(warehouseId)),
    products: await allProducts(store),
    stock: await store.listStock({ scope: ALL }),
    bins: await perWarehouse((warehouseId) => store.listBinStock({ warehouseId })),
    movements: await allMovements(store),
    alerts: await store.listAlerts({ scope: ALL }),
    reviewDecisions: await store.listReviewDecisions(),
  };
}

function* linesOf(site: SiteImage, from: string): Generator<Line> {
  yield { kind: 'header', format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date().toISOString(), from };
  for (const user of site.users) yield { kind: 'user', user };
  for (const warehouse of site.warehouses) yield { kind: 'warehouse', warehouse };
  for (const location of site.locations) yield { kind: 'location', location };
  for (const product of site.products) yield { kind: 'product', product };
  for (const row of site.stock) yield { kind: 'row', row };
  for (const bin of site.bins) yield { kind: 'bin', bin };
  for (const movement of site.movements) yield { kind: 'movement', movement };
  for (const alert of site.alerts) yield { kind: 'alert', alert };
  for (const decision of site.reviewDecisions) yield { kind: 'review', decision };
}

/** Writes the site to a new file (0600: it holds password hashes). */
export async function exportStore(store: Store, file: string): Promise<TransferCounts> {
  const site = await readSite(store);
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  const write = async (line: Line) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  for (const line of linesOf(site, store.kind)) await write(line);
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return countsOf(site);
}

export class ImportFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailed';
  }
}

/** Reads and validates a whole export file before anything is written. */
export async function readExport(file: string): Promise<SiteImage> {
  const site: SiteImage = {
    users: [],
    warehouses: [],
    locations: [],
    products: [],
    stock: [],
    bins: [],
    movements: [],
    alerts: [],
    reviewDecisions: [],
  };
  let header = false;
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    n++;
    if (!text.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ImportFailed(`line ${n}: not JSON`);
    }
    if (!header) {
      const first = Header.safeParse(json);
      if (!first.success) throw new ImportFailed(`line ${n}: the file does not start with a ${EXPORT_FORMAT} header`);
      if (!READABLE_VERSIONS.includes(first.data.version)) {
        throw new ImportFailed(
          `the file is a version ${first.data.version} export; this version reads versions ${READABLE_VERSIONS.join(' and ')}: export the site again with this version`,
        );
      }
      header = true;
      continue;
    }
    const parsed = Line.safeParse(json);
    if (!parsed.success) throw new ImportFailed(`line ${n}: not a line of a ${EXPORT_FORMAT} file`);
    const line = parsed.data;
    if (line.kind === 'header') throw new ImportFailed(`line ${n}: a second header`);
    else if (line.kind === 'user') site.users.push(line.user);
    else if (line.kind === 'warehouse') site.warehouses.push(line.warehouse);
    else if (line.kind === 'location') site.locations.push(line.location);
    else if (line.kind === 'product') site.products.push(line.product);
    else if (line.kind === 'row') site.stock.push(line.row);
    else if (line.kind === 'bin') site.bins.push(line.bin);
    else if (line.kind === 'movement') site.movements.push(line.movement);
    else if (line.kind === 'alert') site.alerts.push(line.alert);
    else site.reviewDecisions.push(line.decision);
  }
  if (!header) throw new ImportFailed(`the file is empty: not a ${EXPORT_FORMAT} file`);
  return site;
}

/** Loads an export into an empty store (all or nothing), then checks the store against it. */
export async function importStore(store: Store, file: string): Promise<TransferCounts> {
  const site = await readExport(file);
  try {
    await store.loadSite(site);
  } catch (error) {
    if (error instanceof StoreNotEmptyError) throw new ImportFailed(error.message);
    throw new ImportFailed(`nothing imported: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = siteDifferences(site, await readSite(store));
  if (problems.length > 0)
    throw new ImportFailed(`imported, but the store differs from the file:\n${problems.slice(0, 20).join('\n')}`);
  return countsOf(site);
}

/**
 * Every difference between two sites, one line each (none when equal): each record by its key
 * with every field, movements also in their order, and stock == ledger in the second site.
 */
export function siteDifferences(expected: SiteImage, actual: SiteImage): string[] {
  const problems: string[] = [];
  const compare = <T>(what: string, keyOf: (item: T) => string, want: T[], got: T[]) => {
    const found = new Map(got.map((item) => [keyOf(item), item]));
    for (const item of want) {
      const key = keyOf(item);
      const other = found.get(key);
      if (other === undefined) problems.push(`${what} ${key}: missing`);
      else if (!isDeepStrictEqual(normalised(item), normalised(other)))
        problems.push(`${what} ${key}: ${JSON.stringify(item)} became ${JSON.stringify(other)}`);
      found.delete(key);
    }
    for (const key of found.keys()) problems.push(`${what} ${key}: not in the export`);
  };
  compare('user', (u) => u.id, expected.users, actual.users);
  compare('warehouse', (w) => w.id, expected.warehouses, actual.warehouses);
  compare('location', (l) => l.id, expected.locations, actual.locations);
  compare('product', (p) => p.id, expected.products, actual.products);
  compare('stock row', (r) => `${r.warehouseId}/${r.productId}`, expected.stock, actual.stock);
  compare('bin', (b) => `${b.warehouseId}/${b.locationId}/${b.productId}`, expected.bins, actual.bins);
  compare('movement', (m) => m.id, expected.movements, actual.movements);
  compare('alert', (a) => a.id, expected.alerts, actual.alerts);
  compare('review decision', (d) => d.movementId, expected.reviewDecisions, actual.reviewDecisions);
  if (
    !isDeepStrictEqual(
      expected.movements.map((m) => m.id),
      actual.movements.map((m) => m.id),
    )
  )
    problems.push('movements: not in their original order');
  problems.push(...ledgerMismatches(actual.stock, actual.movements));
  return problems;
}

/** A record with its keys in one order and undefined fields dropped, as JSON would carry it. */
function normalised(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}
