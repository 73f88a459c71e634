import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { PullQuery, SyncCollection } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { SyncService } from '../../services/sync';
import { userOf } from '../auth';
import { sendJson } from '../send-json';
import { parse } from '../validate';

/** GET /sync/:collection?after=&limit=&deviceId= -> {documents, checkpoint, remaining}. */
export function syncRoutes(sync: SyncService): Router {
  const router = strictRouter();
  router.get('/:collection', async (req, res) => {
    const collection = SyncCollection.safeParse(req.params.collection);
    if (!collection.success) throw notFound('sync collection');
    // Serialized in the service, from one read shared by pulls of the same scope that arrive together.
    const answer = await sync.pull(userOf(res), collection.data, parse(PullQuery, req.query, 'pull query'));
    sendJson(res, answer.json);
  });
  return router;
}
