import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options } from 'express-rate-limit';
import { slowDown } from 'express-slow-down';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { loginNameKey } from '@stockline/domain';
import type { Config } from '../config';
import { sendError } from './errors';

/**
 * Rate limits, designed so that an attacker cannot use them to lock a real user out:
 *
 * - failed logins per (client address, username): a hard brake on guessing one account from one
 *   place (RATE_LIMIT_LOGIN per window). Another address is not affected by it;
 * - failed logins per client address, any username: a hard brake on password spraying
 *   (RATE_LIMIT_LOGIN_IP per window);
 * - failed logins per username, from any address: never a lockout, but a slow-down that doubles
 *   with each further failure (up to LOGIN_MAX_DELAY_MS), so a distributed guesser gets few tries
 *   while the real user still gets in, only a little later;
 * - API calls per signed-in user (not per token: a fresh login is not a fresh budget);
 * - requests with an invalid or revoked token per client address: only those requests are
 *   refused with 429, so a valid token is never held back by someone else's bad ones.
 *
 * Successful logins are never counted. "Client address" is the TCP peer unless TRUST_PROXY says
 * which proxies to believe for X-Forwarded-For: behind a proxy without it, everyone shares the
 * proxy's address and shares these budgets.
 */

const LOGIN_BASE_DELAY_MS = 500;
export const LOGIN_MAX_DELAY_MS = 10_000;

function ipOf(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function usernameOf(req: Request): string {
  const name = (req.body as { username?: unknown } | undefined)?.username;
  // The same spelling login looks the user up by, so every failure counts against that account.
  return typeof name === 'string' ? loginNameKey(name.slice(0, 256)).slice(0, 64) : '';
}

const tooMany: RequestHandler = (_req, res) =>
  sendError(res, 'rate_limited', 'too many requests; slow down and retry later');

// draft-7: one RateLimit header; draft-8 adds a partition key that costs a SHA-256 of the key on every request.
const common = { standardHeaders: 'draft-7', legacyHeaders: false, handler: tooMany } as const;

/** Every brake on POST /auth/login, in order; they count failed logins only. */
export function loginLimiters(config: Config): RequestHandler[] {
  const { windowMs } = config.rateLimit;
  return [
    rateLimit({
      ...common,
      windowMs,
      limit: config.rateLimit.login,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `login:${ipOf(req)}:${usernameOf(req)}`,
    }),
    rateLimit({
      ...common,
      windowMs,
      limit: config.rateLimit.loginPerIp,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `spray:${ipOf(req)}`,
    }),
    slowDown({
      windowMs,
      delayAfter: config.rateLimit.login,
      delayMs: (used) =>
        Math.min(LOGIN_BASE_DELAY_MS * 2 ** Math.max(0, used - config.rateLimit.login - 1), LOGIN_MAX_DELAY_MS),
      maxDelayMs: LOGIN_MAX_DELAY_MS,
      skipSuccessfulRequests: true,
      keyGenerator: (req) => `user:${usernameOf(req)}`,
      validate: { delayMs: false },
    }),
  ];
}

/**
 * Every other API call: generous, per signed-in user. Runs after authentication, on every
 * request a device makes, so it is rate-limiter-flexible's in-memory counter (one promise per
 * request) rather than express-rate-limit, whose handler cost a stock query about a tenth of its
 * CPU. Answers carry the same draft-7 `RateLimit` and `RateLimit-Policy` headers as the login
 * brakes; a refusal adds `Retry-After`.
 */
export function apiLimiter(config: Config): RequestHandler {
  const limit = config.rateLimit.api;
  const windowSeconds = Math.max(1, Math.ceil(config.rateLimit.windowMs / 1000));
  const counter = new RateLimiterMemory({ points: limit, duration: config.rateLimit.windowMs / 1000 });
  const policy = `${limit};w=${windowSeconds}`;
  const describe = (res: Response, state: RateLimiterRes) => {
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader(
      'RateLimit',
      `limit=${limit}, remaining=${state.remainingPoints}, reset=${Math.ceil(state.msBeforeNext / 1000)}`,
    );
  };
  return (req, res, next) => {
    const user = res.locals.user as { id: string } | undefined;
    counter.consume(user ? `user:${user.id}` : `ip:${ipOf(req)}`).then(
      (state) => {
        describe(res, state);
        next();
      },
      (refusal: unknown) => {
        if (!(refusal instanceof RateLimiterRes)) {
          next(refusal);
          return;
        }
        describe(res, refusal);
        res.setHeader('Retry-After', String(Math.ceil(refusal.msBeforeNext / 1000)));
        tooMany(req, res, next);
      },
    );
  };
}

/**
 * Counts requests whose token was refused, per client address. Called only on that failure
 * path (see auth.ts): past the limit it answers 429 instead of 401.
 */
export function badTokenLimiter(config: Config): RequestHandler {
  return rateLimit({
    ...common,
    windowMs: config.rateLimit.windowMs,
    limit: config.rateLimit.badTokens,
    keyGenerator: (req) => `bad-token:${ipOf(req)}`,
  });
}

/**
 * The same brake for the socket handshake, which is not an Express route: refused handshakes
 * counted per client address; `refused` says whether this one went over the limit.
 */
export class HandshakeBrake {
  private readonly store = new MemoryStore();

  constructor(
    private readonly limit: number,
    windowMs: number,
  ) {
    this.store.init({ windowMs } as Options);
  }

  async refused(address: string): Promise<boolean> {
    const { totalHits } = await this.store.increment(`handshake:${ipKeyGenerator(address)}`);
    return totalHits > this.limit;
  }

  close(): void {
    this.store.shutdown();
  }
}
