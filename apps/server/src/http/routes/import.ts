import express, { type Router } from 'express';
import { strictRouter } from '../strict-router';
import { ImportQuery, StockImportQuery } from '@stockline/protocol';
import type { ImportService } from '../../services/import';
import { requireRole, userOf } from '../auth';
import { sendError } from '../errors';
import { parse } from '../validate';

/**
 * CSV uploads. Mounted before the JSON body parser: the body is read raw (up to `limitBytes`,
 * else 413) and decoded by the import itself, which refuses anything that is not UTF-8 text.
 */
export function importRoutes(imports: ImportService, limitBytes: number): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.use((req, res, next) => {
    if (!req.is('text/csv')) {
      sendError(res, 'unsupported_media_type', 'send the file as text/csv');
      return;
    }
    next();
  });
  router.use(express.raw({ type: 'text/csv', limit: limitBytes }));
  const body = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));
  router.post('/products', async (req, res) => {
    res.json(await imports.importProducts(body(req.body), parse(ImportQuery, req.query, 'import query')));
  });
  router.post('/stock', async (req, res) => {
    res.json(await imports.importStock(userOf(res), body(req.body), parse(StockImportQuery, req.query, 'stock import query')));
  });
  return router;
}
