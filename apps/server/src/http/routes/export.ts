import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { formatPacksCell, PRODUCT_CSV_COLUMNS, StockExportQuery, type Product } from '@stockline/protocol';
import type { CatalogService } from '../../services/catalog';
import type { InventoryService } from '../../services/inventory';
import { requireRole, userOf } from '../auth';
import { sendCsv } from '../csv-response';
import { parse } from '../validate';

/** CSV downloads for managers: the catalogue (importable as is) and one warehouse's stock. */
export function exportRoutes(catalog: CatalogService, inventory: InventoryService): Router {
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
    const products = new Map<string, Product>();
    for await (const p of catalog.allProducts()) products.set(p.id, p);
    await sendCsv(
      res,
      filename,
      ['sku', 'name', 'qty', 'threshold', 'reorderQty', 'updatedAt'],
      (async function* () {
        for (const r of rows) {
          const p = products.get(r.productId);
          yield [p?.sku ?? r.productId, p?.name ?? '', r.qty, r.threshold, r.reorderQty, r.updatedAt];
        }
      })(),
    );
  });
  return router;
}
