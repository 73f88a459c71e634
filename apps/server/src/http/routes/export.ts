import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import {
  formatPacksCell,
  PRODUCT_CSV_COLUMNS,
  StockExportQuery,
  type LocationQty,
  type Product,
} from '@stockline/protocol';
import type { CatalogService } from '../../services/catalog';
import type { InventoryService } from '../../services/inventory';
import type { LocationService } from '../../services/locations';
import { requireRole, userOf } from '../auth';
import { sendCsv } from '../csv-response';
import { parse } from '../validate';

/**
 * A product's bins in one cell, `A-01:5;B-02:3` (code:quantity, by code): one line per product
 * keeps the stock export's rows as they were, and a spreadsheet splits the cell on `;` and `:`.
 */
function binsCell(held: readonly LocationQty[] | undefined): string {
  return (held ?? []).map((b) => `${b.code}:${b.qty}`).join(';');
}

/**
 * CSV downloads for managers: the catalogue (importable as is) and one warehouse's stock, with
 * each product's bins in a last column (empty in a warehouse without locations).
 */
export function exportRoutes(catalog: CatalogService, inventory: InventoryService, locations: LocationService): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.get('/products', async (_req, res) => {
    await sendCsv(
      res,
      'products.csv',
      ['id', ...PRODUCT_CSV_COLUMNS, 'archived'],
      (async function* () {
        for await (const p of catalog.allProducts()) {
          yield [
            p.id,
            p.sku,
            p.name,
            p.barcode,
            p.description,
            p.category,
            p.unit,
            formatPacksCell(p.packs),
            p.archived,
          ];
        }
      })(),
    );
  });
  router.get('/stock', async (req, res) => {
    const { warehouseId } = parse(StockExportQuery, req.query, 'stock export query');
    const filename = await inventory.stockExportName(userOf(res), warehouseId);
    const rows = await inventory.listStock(userOf(res), { warehouseId });
    const bins = await locations.binsByProduct(warehouseId);
    const products = new Map<string, Product>();
    for await (const p of catalog.allProducts()) products.set(p.id, p);
    await sendCsv(
      res,
      filename,
      ['sku', 'name', 'qty', 'threshold', 'reorderQty', 'updatedAt', 'bins'],
      (async function* () {
        for (const r of rows) {
          const p = products.get(r.productId);
          const held = binsCell(bins.get(r.productId));
          yield [p?.sku ?? r.productId, p?.name ?? '', r.qty, r.threshold, r.reorderQty, r.updatedAt, held];
        }
      })(),
    );
  });
  return router;
}
