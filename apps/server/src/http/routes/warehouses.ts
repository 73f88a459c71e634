import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { CreateWarehouseRequest, Id, UpdateWarehouseRequest } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { CatalogService } from '../../services/catalog';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

export function warehouseRoutes(catalog: CatalogService): Router {
  const router = strictRouter();
  router.post('/', requireRole('admin'), async (req, res) => {
    res.status(201).json(await catalog.createWarehouse(parse(CreateWarehouseRequest, req.body, 'warehouse')));
  });
  router.patch('/:id', requireRole('admin'), async (req, res) => {
    if (!Id.safeParse(req.params.id).success) throw notFound('warehouse');
    res.json(
      await catalog.updateWarehouse(String(req.params.id), parse(UpdateWarehouseRequest, req.body, 'warehouse change')),
    );
  });
  router.get('/', async (_req, res) => {
    res.json({ items: await catalog.listWarehouses(userOf(res)) });
  });
  return router;
}
