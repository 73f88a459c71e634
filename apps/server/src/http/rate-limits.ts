import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { bearerToken } from './auth';
import { sendError } from './errors';

function ipOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

const tooMany: RequestHandler = (_req, res) => sendError(res, 'rate_limited', 'too many requests; slow down and retry later');

/**
 * Failed logins per IP and username: a brute-force brake that a user who types the right
 * password never hits (successful logins are not counted).
 */
export function loginLimiter(config: Config): RequestHandler {
  return rateLimit({
    windowMs: config.rateLimit.windowMs,
    limit: config.rateLimit.login,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const name = typeof req.body?.username === 'string' ? req.body.username.trim().toLowerCase().slice(0, 64) : '';
      return `login:${ipOf(req)}:${name}`;
    },
    handler: tooMany,
  });
}

/** Every other API call: generous, per token (per IP for calls without one). */
export function apiLimiter(config: Config): RequestHandler {
  return rateLimit({
    windowMs: config.rateLimit.windowMs,
    limit: config.rateLimit.api,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const token = bearerToken(req);
      // The token's signature part is unique per token and keeps the key short.
      return token ? `token:${token.slice(-43)}` : `ip:${ipOf(req)}`;
    },
    handler: tooMany,
  });
}
