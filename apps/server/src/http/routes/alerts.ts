import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { AlertQuery, Id } from '@stockline/protocol';
import type { AlertService } from '../../services/alerts';
import { notFound } from '../../services/errors';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

export function alertRoutes(alerts: AlertService): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.get('/', async (req, res) => {
    res.json({ items: await alerts.list(userOf(res), parse(AlertQuery, req.query, 'alert query')) });
  });
  router.post('/:id/ack', async (req, res) => {
    if (!Id.safeParse(req.params.id).success) throw notFound('alert');
    res.json(await alerts.acknowledge(userOf(res), req.params.id));
  });
  return router;
}
