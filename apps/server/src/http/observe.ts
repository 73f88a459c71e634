import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { ServerMetrics } from '../metrics';

/** Load balancers and monitors poll these every few seconds; at `info` they would bury everything else. */
const PROBE = /^\/(healthz|readyz|metrics)(\?|$)/;

/** Route template (not the raw URL) as the label, so ids do not explode the series count. */
function routeOf(req: Request): string {
  const route = req.route as { path?: string | RegExp } | undefined;
  if (!route?.path) return 'unmatched';
  const path = String(route.path);
  return `${req.baseUrl}${path === '/' ? '' : path}` || '/';
}

/**
 * Every request's duration in the metrics, and its log line: one line per request, without
 * headers (tokens and passwords never reach the logs), at `info`. When the level is above that
 * (production runs at `warn` or `error`), pino-http's per-request child logger is skipped (it
 * cost about a tenth of a stock query's CPU to log nothing) and only a 5xx is logged, from the
 * same 'finish' listener that records the duration. Health, readiness and metrics probes are
 * logged at `debug` only.
 */
export function observeRequests(metrics: ServerMetrics, logger: Logger): RequestHandler {
  const logEvery = logger.isLevelEnabled('info');
  const perRequestLog = logEvery
    ? (pinoHttp({
        logger,
        customLogLevel: (req, res, error) => {
          if (error || res.statusCode >= 500) return 'error';
          return PROBE.test(req.url ?? '') ? 'debug' : 'info';
        },
        serializers: {
          req: (req: IncomingMessage & { id?: unknown }) => ({
            id: req.id,
            method: req.method,
            url: req.url?.split('?')[0],
          }),
          res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
        },
      }) as unknown as RequestHandler)
    : null;
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeOf(req), status: String(res.statusCode) });
      if (!logEvery && res.statusCode >= 500) {
        logger.error(
          { req: { method: req.method, url: req.url.split('?')[0] }, res: { statusCode: res.statusCode } },
          'request errored',
        );
      }
    });
    if (perRequestLog) perRequestLog(req, res, next);
    else next();
  };
}
