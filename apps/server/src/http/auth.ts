import type { Request, RequestHandler, Response } from 'express';
import type { Role } from '@stockline/protocol';
import type { AuthService } from '../services/auth';
import { AppError, forbidden } from '../services/errors';
import { hasRole } from '../services/scope';
import type { UserRecord } from '../store/core/port';

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Checks the token (signature, expiry, the user's current token version) before anything else
 * about the request, its body included. A refused token goes through `onRefused` (the per-address
 * brake on bad tokens), which answers 429 once an address has sent too many.
 */
export function authenticate(auth: AuthService, onRefused?: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.user = await auth.authenticate(bearerToken(req));
    } catch (error) {
      if (!onRefused || !(error instanceof AppError)) throw error;
      await onRefused(req, res, () => next(error));
      return;
    }
    next();
  };
}

export function userOf(res: Response): UserRecord {
  const user = res.locals.user as UserRecord | undefined;
  if (!user) throw new AppError('unauthorized', 'a bearer token is required');
  return user;
}

export function requireRole(role: Role): RequestHandler {
  return (_req, res, next) => {
    if (!hasRole(userOf(res).role, role)) throw forbidden(`needs the ${role} role or higher`);
    next();
  };
}
