import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { codesOf, repeatedCode } from '@stockline/domain';
import {
  Barcode,
  IMPORT_DEVICE_ID,
  PRODUCT_CSV_COLUMNS,
  PRODUCT_CSV_IGNORED,
  PRODUCT_CSV_REQUIRED,
  ProductCategory,
  ProductDescription,
  ProductName,
  ProductUnit,
  parsePacksCell,
  Sku,
  STOCK_CSV_COLUMNS,
  STOCK_CSV_REQUIRED,
  StockQty,
  type ImportQuery,
  type ImportResult,
  type MovementInput,
  type PackInput,
  type Product,
  type StockImportQuery,
} from '@stockline/protocol';
import {
  DuplicateKeyError,
  type ProductPatch,
  type ProductUpsert,
  type Store,
  type UserRecord,
} from '../store/core/port';
import type { ChangeFeed } from './change-feed';
import { readCsv, type CsvRow } from './csv-read';
import { Tally } from './import-tally';
import type { LocationImport } from './location-import';
import { AppError, notFound } from './errors';
import { yieldToFloor } from './import-gate';
import type { InventoryService } from './inventory';
import { assertInScope, scopeOf } from './scope';

/** Optional product fields, as CSV columns: an empty cell means "none". */
const OPTIONAL_FIELDS = [
  ['barcode', Barcode],
  ['description', ProductDescription],
  ['category', ProductCategory],
  ['unit', ProductUnit],
] as const;

type Field = 'sku' | 'name' | (typeof OPTIONAL_FIELDS)[number][0];

/**
 * An import works in slices of this many lines (planning and applying), yielding to the floor's
 * requests between them: a 100,000-line import never holds the server for long at a time.
 */
export const IMPORT_SLICE = 250;

/** SKUs compare regardless of case, like every look-up of one. */
export function skuKey(sku: string): string {
  return sku.toLowerCase();
}

/** A stock cell: a whole number from 0 to the largest quantity, or a message that says what is wrong with it. */
function wholeNumber(cell: string, field: string): { ok: true; value: number } | { ok: false; message: string } {
  if (/^-\d+$/.test(cell)) return { ok: false, message: `${field}: ${cell}: must be zero or more` };
  if (!/^\d{1,10}$/.test(cell)) return { ok: false, message: `${field}: ${cell}: not a whole number` };
  return check(StockQty, Number(cell), field);
}

/** The first zod message for a cell, prefixed with its column. */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  column: string,
): { ok: true; value: z.output<S> } | { ok: false; message: string } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, message: `${column}: ${result.error.issues[0]?.message ?? 'invalid'}` };
}

interface PlannedProduct {
  line: number;
  sku: string;
  values: Partial<Record<Field, string | null>>;
  /** The line's packs when the file has a `packs` column (an empty cell: none); else kept as they are. */
  packs?: PackInput[];
}

/** Every code a planned line gives its product: its barcode and its packs' barcodes. */
function codesGiven(plan: Pick<PlannedProduct, 'values' | 'packs'>): string[] {
  return [...(plan.values.barcode ? [plan.values.barcode] : []), ...(plan.packs ?? []).map((p) => p.barcode)];
}

function samePacks(a: readonly PackInput[], b: readonly PackInput[]): boolean {
  return a.length === b.length && a.every((p, i) => p.barcode === b[i]?.barcode && p.quantity === b[i]?.quantity);
}

/**
 * CSV imports. Each import is planned in full first (read, validate, compare with what is
 * stored), and the plan is what a dry run reports, so a dry run answers exactly what the real
 * import does. The real import then applies the plan (products: one transaction).
 */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
    private readonly inventory: InventoryService,
    private readonly locations: LocationImport,
  ) {}

  /** Bins of one warehouse (see LocationImport). */
  importLocations(user: UserRecord, body: Buffer, query: StockImportQuery): Promise<ImportResult> {
    return this.locations.run(user, body, query);
  }

  async importProducts(body: Buffer, query: ImportQuery): Promise<ImportResult> {
    const table = await readCsv(body, PRODUCT_CSV_COLUMNS, PRODUCT_CSV_REQUIRED, PRODUCT_CSV_IGNORED);
    const tally = new Tally(table.errors);
    const planned = await this.readProductLines(table.rows, table.columns, tally);

    const existing: Product[] = [];
    for (let i = 0; i < planned.length; i += IMPORT_SLICE) {
      const slice = planned.slice(i, i + IMPORT_SLICE);
      existing.push(
        ...(await this.store.findProductsByKeys({
          skus: slice.map((p) => p.sku),
          barcodes: slice.flatMap(codesGiven),
        })),
      );
      await yieldToFloor();
    }
    // SKUs are one product regardless of case, as the look-ups find them: `pj-100` updates `PJ-100`.
    const bySku = new Map(existing.map((p) => [skuKey(p.sku), p]));
    // Every code a stored product carries, its barcode and its packs' (one code, one product).
    const byCode = new Map(existing.flatMap((p) => codesOf(p).map((code) => [code, p] as const)));

    const lines: ProductUpsert[] = [];
    for (const plan of planned) {
      const current = bySku.get(skuKey(plan.sku));
      const clash = codesGiven(plan)
        .map((code) => ({ code, holder: byCode.get(code) }))
        .find(({ holder }) => holder && skuKey(holder.sku) !== skuKey(plan.sku));
      if (clash?.holder) {
        tally.errors.push({
          line: plan.line,
          message: `barcode ${clash.code} belongs to another product (SKU ${clash.holder.sku})`,
        });
        continue;
      }
      // The product's barcode as one of its own packs (the line may change either).
      const repeated = repeatedCode({
        barcode: plan.values.barcode === undefined ? (current?.barcode ?? null) : plan.values.barcode,
        packs: plan.packs ?? current?.packs ?? [],
      });
      if (repeated !== null) {
        tally.errors.push({ line: plan.line, message: `packs: ${repeated} is the product's own barcode` });
        continue;
      }
      if (!current) {
        tally.created++;
        lines.push({
          kind: 'create',
          id: randomUUID(),
          sku: plan.sku,
          name: plan.values.name ?? '',
          barcode: plan.values.barcode ?? null,
          description: plan.values.description ?? null,
          category: plan.values.category ?? null,
          unit: plan.values.unit ?? null,
          packs: plan.packs ?? [],
        });
        continue;
      }
      const patch = differences(current, plan);
      if (patch) {
        tally.updated++;
        lines.push({ kind: 'update', id: current.id, patch });
      } else {
        tally.unchanged++;
      }
    }

    if (!tally.proceed(query) || lines.length === 0) return tally.result(query, false);
    // Applied slice by slice (each one transaction), yielding to the floor between them. Lines
    // are upserts by SKU, so sending the file again after a failure finishes it: the lines
    // already applied come back unchanged.
    let applied = 0;
    for (; applied < lines.length; applied += IMPORT_SLICE) {
      try {
        const { changes } = await this.store.upsertProducts({
          lines: lines.slice(applied, applied + IMPORT_SLICE),
          now: this.now(),
        });
        this.feed.publish(changes);
      } catch (error) {
        // Someone else took a SKU or barcode between the plan and the write.
        if (error instanceof DuplicateKeyError) {
          const done = applied === 0 ? 'nothing was applied' : `the first ${applied} changes were applied`;
          throw new AppError(
            'conflict',
            `the catalogue changed during the import; ${done}: send the file again to finish it`,
            { applied },
          );
        }
        throw error;
      }
      await yieldToFloor();
    }
    return tally.result(query, true);
  }

  private async readProductLines(rows: CsvRow[], columns: string[], tally: Tally): Promise<PlannedProduct[]> {
    const seenSku = new Map<string, number>();
    const seenBarcode = new Map<string, number>();
    const planned: PlannedProduct[] = [];
    for (const [index, row] of rows.entries()) {
      if (index % IMPORT_SLICE === IMPORT_SLICE - 1) await yieldToFloor();
      const problems: string[] = [];
      const values: PlannedProduct['values'] = {};
      const skuCell = row.cells.get('sku') ?? '';
      if (skuCell === '') problems.push('missing SKU');
      const sku = skuCell === '' ? null : check(Sku, skuCell, 'sku');
      if (sku && !sku.ok) problems.push(sku.message);
      const name = check(ProductName, row.cells.get('name') ?? '', 'name');
      if (!name.ok) problems.push((row.cells.get('name') ?? '') === '' ? 'missing name' : name.message);
      else values.name = name.value;
      for (const [field, schema] of OPTIONAL_FIELDS) {
        if (!columns.includes(field)) continue;
        const cell = row.cells.get(field) ?? '';
        if (cell === '') {
          values[field] = null;
          continue;
        }
        const parsed = check(schema, cell, field);
        if (parsed.ok) values[field] = parsed.value;
        else problems.push(parsed.message);
      }
      if (sku?.ok) {
        const first = seenSku.get(skuKey(sku.value));
        if (first !== undefined) problems.push(`SKU ${sku.value} is already on line ${first}`);
        else seenSku.set(skuKey(sku.value), row.line);
      }
      let packs: PackInput[] | undefined;
      if (columns.includes('packs')) {
        const parsed = parsePacksCell(row.cells.get('packs') ?? '');
        if (parsed.ok) packs = parsed.packs;
        else problems.push(parsed.message);
      }
      // One code names one product: a barcode or pack barcode may appear once in the file.
      for (const code of codesGiven({ values, packs })) {
        const first = seenBarcode.get(code);
        if (first === row.line) problems.push(`packs: ${code} is the product's own barcode`);
        else if (first !== undefined) problems.push(`barcode ${code} is already on line ${first}`);
        else seenBarcode.set(code, row.line);
      }
      if (problems.length || !sku?.ok) {
        tally.errors.push({ line: row.line, message: problems.join('; ') });
        continue;
      }
      planned.push({ line: row.line, sku: sku.value, values, ...(packs === undefined ? {} : { packs }) });
    }
    return planned;
  }

  /**
   * Opening stock, thresholds and reorder quantities of one warehouse. A `qty` is recorded as a
   * count movement (device `import`), so the ledger explains every unit of stock (I3);
   * thresholds and reorder quantities are set like the desk sets them.
   */
  async importStock(user: UserRecord, body: Buffer, query: StockImportQuery): Promise<ImportResult> {
    const warehouse = await this.store.getWarehouse(query.warehouseId);
    if (!warehouse) throw notFound('warehouse');
    assertInScope(scopeOf(user), warehouse.id);
    if (warehouse.archived) throw new AppError('conflict', 'the warehouse is archived; it takes no new stock');

    const table = await readCsv(body, STOCK_CSV_COLUMNS, STOCK_CSV_REQUIRED);
    const tally = new Tally(table.errors);
    const seen = new Map<string, number>();
    const parsed: Array<{ line: number; sku: string; qty?: number; threshold?: number; reorderQty?: number }> = [];
    for (const [index, row] of table.rows.entries()) {
      if (index % IMPORT_SLICE === IMPORT_SLICE - 1) await yieldToFloor();
      const problems: string[] = [];
      const sku = row.cells.get('sku') ?? '';
      if (sku === '') problems.push('missing SKU');
      const entry: (typeof parsed)[number] = { line: row.line, sku };
      for (const field of ['qty', 'threshold', 'reorderQty'] as const) {
        const cell = row.cells.get(field) ?? '';
        if (cell === '') continue;
        const value = wholeNumber(cell, field);
        if (value.ok) entry[field] = value.value;
        else problems.push(value.message);
      }
      if (sku !== '') {
        const first = seen.get(skuKey(sku));
        if (first !== undefined) problems.push(`SKU ${sku} is already on line ${first}`);
        else seen.set(skuKey(sku), row.line);
      }
      if (problems.length) tally.errors.push({ line: row.line, message: problems.join('; ') });
      else parsed.push(entry);
    }

    const products = new Map<string, Product>();
    for (let i = 0; i < parsed.length; i += IMPORT_SLICE) {
      const found = await this.store.findProductsByKeys({
        skus: parsed.slice(i, i + IMPORT_SLICE).map((p) => p.sku),
        barcodes: [],
      });
      for (const p of found) products.set(skuKey(p.sku), p);
      await yieldToFloor();
    }
    const stock = new Map(
      (await this.store.listStock({ scope: { all: true }, warehouseId: warehouse.id })).map((r) => [r.productId, r]),
    );
    const counts: MovementInput[] = [];
    type Settings = { productId: string; threshold?: number; reorderQty?: number };
    /** Applied before the counts: thresholds lowered or kept, reorder quantities. */
    const settings: Settings[] = [];
    /** Applied after the counts: thresholds raised (see below). */
    const raised: Settings[] = [];
    const occurredAt = this.now();
    for (const entry of parsed) {
      const product: Product | undefined = products.get(skuKey(entry.sku));
      if (!product) {
        tally.errors.push({ line: entry.line, message: `unknown SKU ${entry.sku}` });
        continue;
      }
      const row = stock.get(product.id);
      const qtyChange = entry.qty !== undefined && entry.qty !== (row?.qty ?? 0);
      const thresholdChange = entry.threshold !== undefined && entry.threshold !== (row?.threshold ?? 0);
      const reorderChange = entry.reorderQty !== undefined && entry.reorderQty !== (row?.reorderQty ?? 0);
      if (!qtyChange && !thresholdChange && !reorderChange) {
        tally.unchanged++;
        continue;
      }
      if (row) tally.updated++;
      else tally.created++;
      if (qtyChange) {
        counts.push({
          id: randomUUID(),
          type: 'count',
          warehouseId: warehouse.id,
          productId: product.id,
          countedQty: entry.qty as number,
          expectedQty: row?.qty ?? 0,
          baseVersion: row?.version ?? 0,
          deviceId: IMPORT_DEVICE_ID,
          occurredAt,
        });
      }
      if (thresholdChange || reorderChange) {
        const rises = thresholdChange && (entry.threshold as number) > (row?.threshold ?? 0);
        (rises ? raised : settings).push({
          productId: product.id,
          ...(thresholdChange ? { threshold: entry.threshold } : {}),
          ...(reorderChange ? { reorderQty: entry.reorderQty } : {}),
        });
      }
    }

    if (!tally.proceed(query) || (counts.length === 0 && settings.length === 0 && raised.length === 0))
      return tally.result(query, false);
    // Each row passes through no state below its threshold that neither its start nor its end
    // is in, so the import raises no alert that it resolves a moment later (opening stock of a
    // new warehouse with thresholds would otherwise raise and resolve one alert per row, every
    // one of them pulled by every manager's device). Lowered thresholds first (the old quantity
    // against the lower threshold), in one transaction; then the counts, 500 movements a
    // transaction, each answered like any device's (a row that moved since the plan is counted
    // against its new level); raised thresholds last (the new quantity against the old one).
    const applySettings = async (rows: Settings[]) => {
      if (!rows.length) return;
      const { changes } = await this.store.setStockSettings({ warehouseId: warehouse.id, rows, now: this.now() });
      this.feed.publish(changes);
    };
    await applySettings(settings);
    for (let i = 0; i < counts.length; i += IMPORT_SLICE) {
      await this.inventory.push(user, counts.slice(i, i + IMPORT_SLICE));
      await yieldToFloor();
    }
    await applySettings(raised);
    return tally.result(query, true);
  }
}

/** The fields of a CSV line that differ from the stored product, or null when none do. */
function differences(current: Product, plan: PlannedProduct): ProductPatch | null {
  const { values } = plan;
  const patch: ProductPatch = {};
  let changed = false;
  if (plan.packs !== undefined && !samePacks(plan.packs, current.packs)) {
    patch.packs = plan.packs;
    changed = true;
  }
  for (const field of ['name', 'barcode', 'description', 'category', 'unit'] as const) {
    const value = values[field];
    if (value === undefined || value === current[field]) continue;
    if (field === 'name') {
      if (value === null) continue;
      patch.name = value;
    } else {
      patch[field] = value;
    }
    changed = true;
  }
  return changed ? patch : null;
}
