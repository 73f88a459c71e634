import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ServerMetrics } from '../metrics';
import { bearerToken } from './auth';
import { sendError } from './errors';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Prometheus text, only for a request bearing METRICS_TOKEN (compared in constant time, as
 * digests of one length). Without METRICS_TOKEN the figures are not served at all (403): they
 * tell an outsider how busy the server is and who is connected.
 */
export function metricsRoute(metrics: ServerMetrics, token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return async (req, res) => {
    if (!expected) {
      sendError(res, 'forbidden', 'metrics are off; set METRICS_TOKEN and send it as a bearer token');
      return;
    }
    const given = bearerToken(req);
    if (!given || !timingSafeEqual(digest(given), expected)) {
      sendError(res, 'unauthorized', 'the metrics token is required');
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
