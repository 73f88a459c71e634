import type { Router } from 'express';
import { strictRouter } from '../strict-router';
import { PROTOCOL_HEADER, PullQuery, SyncCollection } from '@stockline/protocol';
import { notFound } from '../../services/errors';
import type { SyncService } from '../../services/sync';
import { userOf } from '../auth';
import { sendJson } from '../send-json';
import { deviceProtocol } from '../protocol-version';
import { parse } from '../validate';

/** GET /sync/:collection?after=&limit=&deviceId= -> {documents, checkpoint, remaining}. */
export function syncRoutes(sync: SyncService): Router {
  const router = strictRouter();
  router.get('/:collection', async (req, res) => {
    const collection = SyncCollection.safeParse(req.params.collection);
    if (!collection.success) throw notFound('sync collection');
    // Serialized in the service, from one read shared by pulls of the same scope that arrive together.
    // The protocol check ran before this route, so the version here is one this server serves.
    const protocol = deviceProtocol(req.headers[PROTOCOL_HEADER]) ?? 1;
    const answer = await sync.pull(userOf(res), collection.data, parse(PullQuery, req.query, 'pull query'), protocol);
    sendJson(res, answer.json);
  });
  return router;
}
