import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ServerMetrics } from '../metrics';
import { bearerToken } from './auth';
import { sendError } from './errors';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Prometheus text. Open by default, for a scraper on a private network; with METRICS_TOKEN set,
 * only a request bearing it gets the figures (compared in constant time, as digests of one length).
 */
export function metricsRoute(metrics: ServerMetrics, token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return async (req, res) => {
    const given = bearerToken(req);
    if (expected && (!given || !timingSafeEqual(digest(given), expected))) {
      sendError(res, 'unauthorized', 'the metrics token is required');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
