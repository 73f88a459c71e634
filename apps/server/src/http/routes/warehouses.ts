import { Router } from 'express';
import { CreateWarehouseRequest } from '@stockline/protocol';
import type { CatalogService } from '../../services/catalog';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

export function warehouseRoutes(catalog: CatalogService): Router {
  const router = Router();
  router.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await catalog.createWarehouse(parse(CreateWarehouseRequest, req.body, 'warehouse')));
  });
  router.get('/', async (_req, res) => {
    res.json({ items: await catalog.listWarehouses(userOf(res)) });
  });
  return router;
}
