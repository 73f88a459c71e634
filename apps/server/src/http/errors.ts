import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { STATUS_OF, type ErrorBody, type ErrorCode } from '@stockline/protocol';
import { DuplicateKeyError, InvalidCursorError, StoreUnavailableError } from '../store/core/port';
import { AppError } from '../services/errors';

export function sendError(res: Response, code: ErrorCode, message: string, details?: unknown): void {
  const body: ErrorBody = { error: details === undefined ? { code, message } : { code, message, details } };
  res.status(STATUS_OF[code]).json(body);
}

/** body-parser's error types, mapped to the wire's error kinds. */
const BODY_ERRORS: Record<string, [ErrorCode, string]> = {
  'entity.parse.failed': ['malformed_json', 'the body is not valid JSON'],
  'entity.too.large': ['payload_too_large', 'the body is too large'],
  'encoding.unsupported': ['unsupported_media_type', 'unsupported content encoding'],
  'charset.unsupported': ['unsupported_media_type', 'unsupported charset; send UTF-8 JSON'],
  'request.aborted': ['validation_failed', 'the request was aborted'],
  'request.size.invalid': ['validation_failed', 'the body does not match its Content-Length'],
};

/**
 * Last stop for every error: known kinds become their status and code; anything else is a 500
 * that is logged with its stack but never shown to the client.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    if (error instanceof AppError) return sendError(res, error.code, error.message, error.details);
    if (error instanceof DuplicateKeyError) return sendError(res, 'conflict', error.message, { field: error.field });
    if (error instanceof StoreUnavailableError) {
      // Retryable: devices keep their queue and push again; movement ids make that safe. The
      // lost connection itself is logged once by the store, not once per request.
      res.setHeader('retry-after', '1');
      return sendError(res, 'unavailable', 'the database is unavailable; retry shortly');
    }
    if (error instanceof InvalidCursorError) {
      return sendError(res, 'validation_failed', 'invalid cursor', {
        issues: [{ path: 'cursor', message: 'not a cursor this server handed out' }],
      });
    }
    const type = (error as { type?: unknown } | undefined)?.type;
    const bodyError = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
    if (bodyError) return sendError(res, bodyError[0], bodyError[1]);
    const clientError = clientErrorOf(error);
    if (clientError) {
      logger.debug({ err: error, method: req.method }, 'refused a malformed request');
      return sendError(res, clientError[0], clientError[1]);
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    sendError(res, 'internal', 'internal error');
  };
}

/**
 * A client's mistake reported by Express or a static-file server as an error with a 4xx status
 * (e.g. a path with malformed percent-encoding is a URIError with status 400): a 4xx for the
 * client, never a 500 and never an error-level log.
 */
function clientErrorOf(error: unknown): [ErrorCode, string] | null {
  if (error instanceof URIError) return ['validation_failed', 'the path has malformed percent-encoding'];
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  if (status === 404) return ['not_found', 'not found'];
  if (status === 413) return ['payload_too_large', 'the body is too large'];
  if (status === 415) return ['unsupported_media_type', 'unsupported media type'];
  const message = (error as Error).message ?? '';
  return [
    'validation_failed',
    /decode/i.test(message) ? 'the path has malformed percent-encoding' : 'the request is malformed',
  ];
}

/** A path that is not valid percent-encoding is a 400 wherever it points (API, app, files). */
export const rejectMalformedPath: RequestHandler = (req, res, next) => {
  // Only a percent sign can make a path malformed; most paths have none and skip the decode.
  if (!req.url.includes('%')) {
    next();
    return;
  }
  try {
    decodeURIComponent(req.path);
  } catch {
    sendError(res, 'validation_failed', 'the path has malformed percent-encoding');
    return;
  }
  next();
};

export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`);
};

/** `/api/v1/warehouses/` is not `/api/v1/warehouses`: a 404, like any other unknown path. */
export const refuseTrailingSlash: RequestHandler = (req, res, next) => {
  if (req.path.length > 1 && req.path.endsWith('/')) apiNotFound(req, res, next);
  else next();
};
