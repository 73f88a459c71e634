import { randomUUID } from 'node:crypto';
import {
  IMPORT_DEVICE_ID,
  STOCK_CSV_COLUMNS,
  STOCK_CSV_REQUIRED,
  type ImportResult,
  type MovementInput,
  type Product,
  type StockImportQuery,
} from '@stockline/protocol';
import type { Store, UserRecord } from '../store/core/port';
import type { ChangeFeed } from './change-feed';
import { readCsv } from './csv-read';
import { AppError, notFound } from './errors';
import { IMPORT_SLICE, skuKey, wholeNumber } from './import-cells';
import { yieldToFloor } from './import-gate';
import { Tally } from './import-tally';
import type { InventoryService } from './inventory';
import { assertInScope, scopeOf } from './scope';

/**
 * Opening stock, thresholds and reorder quantities of one warehouse. A `qty` is recorded as a
 * count movement (device `import`), so the ledger explains every unit of stock (I3);
 * thresholds and reorder quantities are set like the desk sets them.
 */
export class StockImport {
  constructor(
    private readonly store: Store,
    private readonly feed: ChangeFeed,
    private readonly now: () => string,
    private readonly inventory: InventoryService,
  ) {}

  async run(user: UserRecord, body: Buffer, query: StockImportQuery): Promise<ImportResult> {
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
