import type { Response } from 'express';

/**
 * Writes an already-serialized JSON answer with Node's own response methods. Express's
 * res.json/res.send are the general path (the charset worked out by parsing the content type,
 * the freshness check against If-None-Match, HEAD handling), none of which an API answer needs:
 * it is always UTF-8 JSON, carries no ETag (see app.ts), and Node itself leaves the body out of
 * a HEAD answer. Used by the routes a device calls most: the single stock row and sync pulls.
 */
export function sendJson(res: Response, json: string): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}
