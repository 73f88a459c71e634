import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { STATUS_OF, type ErrorBody, type ErrorCode } from '@stockline/protocol';
import { DuplicateKeyError, InvalidCursorError } from '../store/port';
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
    if (error instanceof InvalidCursorError) {
      return sendError(res, 'validation_failed', 'invalid cursor', { issues: [{ path: 'cursor', message: 'not a cursor this server handed out' }] });
    }
    const bodyError = typeof error?.type === 'string' ? BODY_ERRORS[error.type] : undefined;
    if (bodyError) return sendError(res, bodyError[0], bodyError[1]);
    logger.error({ err: error, method: req.method, url: req.originalUrl }, 'request failed');
    sendError(res, 'internal', 'internal error');
  };
}

export const apiNotFound: RequestHandler = (req, res) => {
  sendError(res, 'not_found', `no route ${req.method} ${req.originalUrl.split('?')[0]}`);
};
