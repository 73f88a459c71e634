import type { RequestHandler, Router } from 'express';
import { strictRouter } from '../strict-router';
import { isId, ReorderRequest, StockQuery, ThresholdRequest } from '@stockline/protocol';
import type { InventoryService } from '../../services/inventory';
import type { LocationService } from '../../services/locations';
import { AppError, notFound } from '../../services/errors';
import { requireRole, userOf } from '../auth';
import { sendJson } from '../send-json';
import { parse } from '../validate';

/** Path ids that are not UUIDs name nothing: a 404, like an unknown id. */
function ids(params: Record<string, unknown>): { warehouseId: string; productId: string } {
  const { warehouseId, productId } = params;
  if (!isId(warehouseId)) throw notFound('warehouse');
  if (!isId(productId)) throw notFound('product');
  return { warehouseId, productId };
}

/**
 * `GET /stock/:warehouseId/:productId`, the most frequent request of all: api.ts mounts it on the
 * app itself, ahead of the API router, so it skips that router's walk (and the router below does
 * not carry it again).
 */
export function stockRowRoute(inventory: InventoryService, locations: LocationService): RequestHandler {
  return async (req, res) => {
    const { warehouseId, productId } = ids(req.params);
    // The row first: it checks the scope before anything about bins is read. A warehouse without
    // locations answers the row alone, as before bins.
    const row = await inventory.getStock(userOf(res), warehouseId, productId);
    const held = await locations.quantities(warehouseId, productId);
    sendJson(res, JSON.stringify(held ? { ...row, locations: held } : row));
  };
}

export function stockRoutes(inventory: InventoryService, locations: LocationService): Router {
  const router = strictRouter();
  router.get('/', async (req, res) => {
    const query = parse(StockQuery, req.query, 'stock query');
    if (query.locationId === undefined) {
      res.json({ items: await inventory.listStock(userOf(res), query) });
      return;
    }
    // One bin's rows: the bin's warehouse is named too, so the answer's scope is plain.
    if (query.warehouseId === undefined || query.productId !== undefined || query.low !== undefined)
      throw new AppError('validation_failed', 'locationId needs warehouseId, and no productId or low', {
        issues: [{ path: 'locationId', message: 'give warehouseId with locationId, and no other filter' }],
      });
    res.json({ items: await locations.binStock(userOf(res), query.warehouseId, query.locationId) });
  });
  router.put('/:warehouseId/:productId/threshold', requireRole('manager'), async (req, res) => {
    const { warehouseId, productId } = ids(req.params);
    const { threshold } = parse(ThresholdRequest, req.body, 'threshold');
    res.json(await inventory.setThreshold(userOf(res), warehouseId, productId, threshold));
  });
  router.put('/:warehouseId/:productId/reorder', requireRole('manager'), async (req, res) => {
    const { warehouseId, productId } = ids(req.params);
    const { reorderQty } = parse(ReorderRequest, req.body, 'reorder quantity');
    res.json(await inventory.setReorderQty(userOf(res), warehouseId, productId, reorderQty));
  });
  return router;
}
