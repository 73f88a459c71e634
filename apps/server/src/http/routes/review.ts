import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { Id, ReviewDecisionRequest, ReviewQuery } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { ReviewService } from '../../services/review';
import { requireRole, userOf } from '../auth';
import { parse } from '../validate';

/** GET /review?warehouseId= -> {items}; POST /review/:movementId {decision} -> the decision. Managers and admins, in scope. */
export function reviewRoutes(review: ReviewService): Router {
  const router = strictRouter();
  router.use(requireRole('manager'));
  router.get('/', async (req, res) => {
    res.json({ items: await review.list(userOf(res), parse(ReviewQuery, req.query, 'review query')) });
  });
  router.post('/:movementId', async (req, res) => {
    const id = Id.safeParse(String(req.params.movementId).toLowerCase());
    if (!id.success) throw notFound('movement to review');
    const body = parse(ReviewDecisionRequest, req.body, 'review decision');
    res.json(await review.decide(userOf(res), id.data, body.decision));
  });
  return router;
}
