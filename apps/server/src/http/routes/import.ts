import express, { type Router } from 'express';
import { strictRouter } from '../strict-router';
import { ImportQuery, StockImportQuery } from '@stockline/protocol';
import type { ImportService } from '../../services/import';
import { IMPORT_RETRY_AFTER_SECONDS, ImportGate } from '../../services/import-gate';
import { requireRole, userOf } from '../auth';
import { sendError } from '../errors';
import { parse } from '../validate';

/**
 * CSV uploads. Mounted before the JSON body parser: the body is read raw (up to `limitBytes`,
 * else 413) and decoded by the import itself, which refuses anything that is not UTF-8 text.
 * One import at a time per server (see ImportGate): another is refused before its body is read.
 */
export function importRoutes(imports: ImportService, limitBytes: number, gate = new ImportGate()): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.use((req, res, next) => {
    if (!req.is('text/csv')) {
      sendError(res, 'unsupported_media_type', 'send the file as text/csv');
      return;
    }
    next();
  });
  router.use((_req, res, next) => {
    const release = gate.tryAcquire();
    if (!release) {
      res.setHeader('retry-after', String(IMPORT_RETRY_AFTER_SECONDS));
      sendError(res, 'rate_limited', 'another import is running on this server; send this one again when it is done', {
        reason: 'import_in_progress',
        retryAfterSeconds: IMPORT_RETRY_AFTER_SECONDS,
      });
      return;
    }
    // Released when the import's work is over, not when its client hangs up: a client that
    // disconnects and sends again cannot run two at once.
    let work: Promise<unknown> = Promise.resolve();
    res.locals.importWork = (running: Promise<unknown>) => (work = running);
    res.once('close', () => void work.finally(release));
    next();
  });
  router.use(express.raw({ type: 'text/csv', limit: limitBytes }));
  const tracked = <T>(res: { locals: Record<string, unknown> }, running: Promise<T>): Promise<T> => {
    (res.locals.importWork as (p: Promise<unknown>) => void)(running.catch(() => undefined));
    return running;
  };
  const body = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));
  router.post('/products', async (req, res) => {
    const query = parse(ImportQuery, req.query, 'import query');
    res.json(await tracked(res, imports.importProducts(body(req.body), query)));
  });
  router.post('/stock', async (req, res) => {
    const query = parse(StockImportQuery, req.query, 'stock import query');
    res.json(await tracked(res, imports.importStock(userOf(res), body(req.body), query)));
  });
  router.post('/locations', async (req, res) => {
    const query = parse(StockImportQuery, req.query, 'locations import query');
    res.json(await tracked(res, imports.importLocations(userOf(res), body(req.body), query)));
  });
  return router;
}
