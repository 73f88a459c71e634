import { Router } from 'express';

/**
 * Every router of the server matches paths exactly: `/api/v1/auth/login` only, never
 * `/API/v1/auth/login` or `/api/v1/auth/login/`. The gateway in front limits requests by
 * `location`, which nginx matches case-sensitively and slash-exactly; a spelling the server
 * also accepted would reach it without passing that limit. The app itself gets the same two
 * settings in app.ts.
 */
export function strictRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
