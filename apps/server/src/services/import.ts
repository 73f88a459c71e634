import { randomUUID } from 'node:crypto';
import { codesOf, repeatedCode } from '@stockline/domain';
import {
  Barcode,
  PRODUCT_CSV_COLUMNS,
  PRODUCT_CSV_IGNORED,
  PRODUCT_CSV_REQUIRED,
  ProductCategory,
  ProductDescription,
  ProductName,
  ProductUnit,
  parsePacksCell,
  Sku,
  type ImportQuery,
  type ImportResult,
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
import type { StockImport } from './stock-import';
import { checkCell as check, IMPORT_SLICE, skuKey } from './import-cells';
import { AppError } from './errors';
import { yieldToFloor } from './import-gate';

/** Optional product fields, as CSV columns: an empty cell means "none". */
const OPTIONAL_FIELDS = [
  ['barcode', Barcode],
  ['description', ProductDescription],
  ['category', ProductCategory],
  ['unit', ProductUnit],
] as const;

type Field = 'sku' | 'name' | (typeof OPTIONAL_FIELDS)[number][0];

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
    private readonly stock: StockImport,
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

  /** Opening stock of one warehouse (see StockImport). */
  importStock(user: UserRecord, body: Buffer, query: StockImportQuery): Promise<ImportResult> {
    return this.stock.run(user, body, query);
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
