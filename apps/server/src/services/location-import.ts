import {
  Barcode,
  LOCATION_CSV_COLUMNS,
  LOCATION_CSV_REQUIRED,
  LocationCode,
  Text,
  type ImportResult,
  type Location,
  type StockImportQuery,
} from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import { readCsv, type CsvRow } from './csv-read';
import { AppError, notFound } from './errors';
import { checkCell as check, IMPORT_SLICE } from './import-cells';
import { yieldToFloor } from './import-gate';
import { Tally } from './import-tally';
import type { LocationService } from './locations';
import { assertInScope, scopeOf } from './scope';

const LocationName = Text(200);

/** A line as read: its code, and the name and barcode it gives (undefined: the column is not in the file). */
interface PlannedLocation {
  line: number;
  code: string;
  name?: string;
  barcode?: string | null;
}

/** What the plan does with a line: make a bin, or change the one with that code. */
type LocationStep =
  | { kind: 'create'; line: number; code: string; name?: string; barcode?: string }
  | { kind: 'update'; line: number; id: string; name?: string; barcode?: string | null };

/** Codes are one bin regardless of case, as the store's unique index has them. */
const codeKey = (code: string) => code.toLowerCase();

/**
 * Bins of one warehouse from CSV (`code,name,barcode`). Planned in full first, exactly as a dry
 * run reports it: a line whose code exists (any case) updates that bin's name and barcode, so
 * sending a file again changes nothing and says so ("unchanged"). A file with a bad line applies
 * nothing unless bad lines are skipped. Each line is then one write (a bin made, or one bin's
 * fields changed together), never half of one; the lines before a write that fails stay, and
 * sending the file again finishes it.
 */
export class LocationImport {
  constructor(
    private readonly store: Store,
    private readonly locations: LocationService,
  ) {}

  async run(user: UserRecord, body: Buffer, query: StockImportQuery): Promise<ImportResult> {
    const warehouse = await this.store.getWarehouse(query.warehouseId);
    if (!warehouse) throw notFound('warehouse');
    assertInScope(scopeOf(user), warehouse.id);

    const table = await readCsv(body, LOCATION_CSV_COLUMNS, LOCATION_CSV_REQUIRED);
    const tally = new Tally(table.errors);
    const planned = await readLines(table.rows, table.columns, tally);
    const existing = new Map((await this.store.listLocations(warehouse.id)).map((l) => [codeKey(l.code), l]));
    const steps = await this.plan(planned, existing, tally);

    if (!tally.proceed(query) || steps.length === 0) return tally.result(query, false);
    let applied = 0;
    try {
      for (const step of steps) {
        if (step.kind === 'create') {
          await this.locations.create(user, warehouse.id, {
            code: step.code,
            ...(step.name === undefined ? {} : { name: step.name }),
            ...(step.barcode === undefined ? {} : { barcode: step.barcode }),
          });
        } else {
          await this.locations.update(user, step.id, {
            ...(step.name === undefined ? {} : { name: step.name }),
            ...(step.barcode === undefined ? {} : { barcode: step.barcode }),
          });
        }
        applied++;
        if (applied % IMPORT_SLICE === 0) await yieldToFloor();
      }
    } catch (error) {
      // Someone else took a code or barcode between the plan and the write.
      if (error instanceof AppError && error.code === 'conflict') {
        const done = applied === 0 ? 'nothing was applied' : `the first ${applied} changes were applied`;
        throw new AppError(
          'conflict',
          `the warehouse's locations changed during the import (${error.message}); ${done}: send the file again to finish it`,
          { applied },
        );
      }
      throw error;
    }
    return tally.result(query, true);
  }

  /** Each read line against what is stored: new, changed or unchanged; a barcode taken elsewhere is the line's error. */
  private async plan(
    planned: PlannedLocation[],
    existing: Map<string, Location>,
    tally: Tally,
  ): Promise<LocationStep[]> {
    const steps: LocationStep[] = [];
    for (const [index, line] of planned.entries()) {
      if (index % IMPORT_SLICE === IMPORT_SLICE - 1) await yieldToFloor();
      const current = existing.get(codeKey(line.code));
      if (line.barcode && line.barcode !== current?.barcode) {
        const holder = await this.barcodeHolder(line.barcode);
        if (holder) {
          tally.errors.push({ line: line.line, message: `barcode ${line.barcode} belongs to ${holder}` });
          continue;
        }
      }
      if (!current) {
        tally.created++;
        steps.push({
          kind: 'create',
          line: line.line,
          code: line.code,
          ...(line.name === undefined ? {} : { name: line.name }),
          ...(line.barcode ? { barcode: line.barcode } : {}),
        });
        continue;
      }
      const name = line.name !== undefined && line.name !== current.name ? line.name : undefined;
      const barcode = line.barcode !== undefined && line.barcode !== current.barcode ? line.barcode : undefined;
      if (name === undefined && barcode === undefined) {
        tally.unchanged++;
        continue;
      }
      tally.updated++;
      steps.push({
        kind: 'update',
        line: line.line,
        id: current.id,
        ...(name === undefined ? {} : { name }),
        ...(barcode === undefined ? {} : { barcode }),
      });
    }
    return steps;
  }

  /** Who carries this barcode already, in words; null when nobody does. */
  private async barcodeHolder(barcode: string): Promise<string | null> {
    const location = await this.store.findLocationByBarcode(barcode);
    if (location) {
      const warehouse = await this.store.getWarehouse(location.warehouseId);
      return `location ${location.code}${warehouse ? ` in ${warehouse.code}` : ''}`;
    }
    const [product] = await this.store.findProductsByKeys({ skus: [], barcodes: [barcode] });
    return product ? `product ${product.sku}` : null;
  }
}

/** Checks every cell and the file's own repeats (a code, any case, or a barcode on two lines). */
async function readLines(rows: CsvRow[], columns: string[], tally: Tally): Promise<PlannedLocation[]> {
  const seenCode = new Map<string, number>();
  const seenBarcode = new Map<string, number>();
  const planned: PlannedLocation[] = [];
  for (const [index, row] of rows.entries()) {
    if (index % IMPORT_SLICE === IMPORT_SLICE - 1) await yieldToFloor();
    const problems: string[] = [];
    const codeCell = row.cells.get('code') ?? '';
    const code = codeCell === '' ? null : check(LocationCode, codeCell, 'code');
    if (code === null) problems.push('missing code');
    else if (!code.ok) problems.push(code.message);
    const entry: Omit<PlannedLocation, 'code'> = { line: row.line };
    if (columns.includes('name')) {
      const cell = row.cells.get('name') ?? '';
      // An empty name is the code, as a bin made without one is named.
      const name = check(LocationName, cell === '' ? codeCell : cell, 'name');
      if (name.ok) entry.name = name.value;
      else if (cell !== '') problems.push(name.message);
    }
    if (columns.includes('barcode')) {
      const cell = row.cells.get('barcode') ?? '';
      if (cell === '') entry.barcode = null;
      else {
        const barcode = check(Barcode, cell, 'barcode');
        if (barcode.ok) entry.barcode = barcode.value;
        else problems.push(barcode.message);
      }
    }
    if (code?.ok) {
      const first = seenCode.get(codeKey(code.value));
      if (first !== undefined) problems.push(`code ${code.value} is already on line ${first}`);
      else seenCode.set(codeKey(code.value), row.line);
    }
    if (entry.barcode) {
      const first = seenBarcode.get(entry.barcode);
      if (first !== undefined) problems.push(`barcode ${entry.barcode} is already on line ${first}`);
      else seenBarcode.set(entry.barcode, row.line);
    }
    if (problems.length || !code?.ok) {
      tally.errors.push({ line: row.line, message: problems.join('; ') });
      continue;
    }
    planned.push({ ...entry, code: code.value });
  }
  return planned;
}
