import type { Router } from 'express';
import { Id, UnknownCodeQuery, UnknownCodeReport } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { UnknownCodeService } from '../../services/unknown-codes';
import { requireRole, userOf } from '../auth';
import { strictRouter } from '../strict-router';
import { parse } from '../validate';

/**
 * POST /unknown-codes {code, warehouseId, deviceId?, scannedAt} -> the entry (anyone signed in, in
 * scope); GET /unknown-codes?warehouseId= -> {items}, the open ones; POST /unknown-codes/:id/dismiss.
 * Listing and dismissing: managers and admins, in scope.
 */
export function unknownCodeRoutes(unknownCodes: UnknownCodeService): Router {
  const router = strictRouter();
  router.post('/', async (req, res) => {
    res.json(await unknownCodes.report(userOf(res), parse(UnknownCodeReport, req.body, 'unknown code report')));
  });
  router.get('/', requireRole('manager'), async (req, res) => {
    res.json({ items: await unknownCodes.list(userOf(res), parse(UnknownCodeQuery, req.query, 'unknown code query')) });
  });
  router.post('/:id/dismiss', requireRole('manager'), async (req, res) => {
    const id = Id.safeParse(String(req.params.id).toLowerCase());
    if (!id.success) throw notFound('unknown code');
    res.json(await unknownCodes.dismiss(userOf(res), id.data));
  });
  return router;
}
