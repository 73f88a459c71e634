import type { RequestHandler, Router } from 'express';
import { strictRouter } from '../strict-router';
import { isId, ReorderRequest, StockQuery, ThresholdRequest } from '@stockline/protocol';
import type { InventoryService } from '../../services/inventory';
import { notFound } from '../../services/errors';
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
export function stockRowRoute(inventory: InventoryService): RequestHandler {
  return async (req, res) => {
    const { warehouseId, productId } = ids(req.params);
    sendJson(res, JSON.stringify(await inventory.getStock(userOf(res), warehouseId, productId)));
  };
}

export function stockRoutes(inventory: InventoryService): Router {
  const router = strictRouter();
  router.get('/', async (req, res) => {
    res.json({ items: await inventory.listStock(userOf(res), parse(StockQuery, req.query, 'stock query')) });
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
