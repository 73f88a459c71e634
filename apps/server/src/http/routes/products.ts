import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { CreateProductRequest, Id, ProductQuery, UpdateProductRequest } from '@stockline/protocol';
import type { CatalogService } from '../../services/catalog';
import { notFound } from '../../services/errors';
import { requireRole } from '../auth';
import { parse } from '../validate';

export function productRoutes(catalog: CatalogService): Router {
  const router = strictRouter();
  router.post('/', requireRole('manager'), async (req, res) => {
    res.status(201).json(await catalog.createProduct(parse(CreateProductRequest, req.body, 'product')));
  });
  router.get('/', async (req, res) => {
    res.json(await catalog.findProducts(parse(ProductQuery, req.query, 'product query')));
  });
  router.patch('/:id', requireRole('manager'), async (req, res) => {
    if (!Id.safeParse(req.params.id).success) throw notFound('product');
    res.json(
      await catalog.updateProduct(String(req.params.id), parse(UpdateProductRequest, req.body, 'product change')),
    );
  });
  router.get('/:id', async (req, res) => {
    // An id that is not a UUID names no product.
    if (!Id.safeParse(req.params.id).success) throw notFound('product');
    res.json(await catalog.getProduct(req.params.id));
  });
  return router;
}
