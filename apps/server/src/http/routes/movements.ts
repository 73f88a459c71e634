import { Router } from 'express';
import { LedgerQuery, PushMovementsRequest, type PushMovementsResponse } from '@stockline/protocol';
import type { InventoryService } from '../../services/inventory';
import { userOf } from '../auth';
import { parse } from '../validate';

export function movementRoutes(inventory: InventoryService): Router {
  const router = Router();
  // A structurally bad batch is a 400 and applies nothing; business refusals are per-movement verdicts.
  router.post('/', async (req, res) => {
    const { movements } = parse(PushMovementsRequest, req.body, 'movements');
    const body: PushMovementsResponse = { results: await inventory.push(userOf(res), movements) };
    res.json(body);
  });
  router.get('/', async (req, res) => {
    res.json(await inventory.ledger(userOf(res), parse(LedgerQuery, req.query, 'ledger query')));
  });
  return router;
}
