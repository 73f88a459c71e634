import express, { type RequestHandler } from 'express';
import { sendError } from './errors';

/** True when the request really carries a body (an empty POST, like an acknowledgement, does not). */
function carriesBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

/** No length and no chunked encoding: no body at all, as on every GET a device sends. */
function bodyless(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] === undefined && headers['content-length'] === undefined;
}

/**
 * JSON bodies only: a body of another type is a 415 before any parsing, malformed JSON a 400
 * and an oversized one a 413 (mapped in errors.ts), so bad input never reaches a handler. A
 * request without a body goes straight on (the parser would only find that out more slowly;
 * `req.body` stays undefined either way).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const parse = express.json({ limit: limitBytes, strict: true, type: 'application/json' });
  return (req, res, next) => {
    if (bodyless(req.headers)) {
      next();
      return;
    }
    if (carriesBody(req.headers) && !req.is('application/json')) {
      sendError(res, 'unsupported_media_type', 'send the body as application/json');
      return;
    }
    parse(req, res, next);
  };
}
