import { Router } from 'express';
import { CreateLocationRequest, isId, UpdateLocationRequest } from '@stockline/protocol';
import type { LocationService } from '../../services/locations';
import { notFound } from '../../services/errors';
import { requireRole, userOf } from '../auth';
import { strictRouter } from '../strict-router';
import { parse } from '../validate';

/**
 * `/warehouses/:warehouseId/locations`: a warehouse's locations (bins). Listed for anyone in
 * scope (the floor needs the codes); created by managers and admins in scope. The router reads
 * the warehouse id of its mount (mergeParams), and matches exactly as strictRouter's do.
 */
export function warehouseLocationRoutes(locations: LocationService): Router {
  const router = Router({ caseSensitive: true, strict: true, mergeParams: true });
  const warehouseOf = (params: Record<string, unknown>): string => {
    const { warehouseId } = params;
    if (!isId(warehouseId)) throw notFound('warehouse');
    return warehouseId;
  };
  router.post('/', requireRole('manager'), async (req, res) => {
    const warehouseId = warehouseOf(req.params);
    const input = parse(CreateLocationRequest, req.body, 'location');
    res.status(201).json(await locations.create(userOf(res), warehouseId, input));
  });
  router.get('/', async (req, res) => {
    res.json({ items: await locations.list(userOf(res), warehouseOf(req.params)) });
  });
  return router;
}

/** `/locations/:id`: a location's name, barcode and archived flag, for managers and admins in scope. */
export function locationRoutes(locations: LocationService): Router {
  const router = strictRouter();
  router.patch('/:id', requireRole('manager'), async (req, res) => {
    const { id } = req.params;
    if (!isId(id)) throw notFound('location');
    const input = parse(UpdateLocationRequest, req.body, 'location change');
    res.json(await locations.update(userOf(res), id, input));
  });
  return router;
}
