import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '@stockline/protocol';

/** Enough for every device of a large site; the oldest entry makes room for a new one. */
const VERIFIED_TOKENS_KEPT = 20_000;

export type TokenCheck =
  | { ok: true; userId: string; tokenVersion: number; expiresAtMs: number }
  | { ok: false; code: 'unauthorized' | 'token_expired' };

/**
 * HS256 bearer tokens carrying the user id (sub), role and the user's token version (ver). The
 * role in the token is a hint for clients only: the server checks the user's current record on
 * every request and socket handshake (auth.ts, user-cache.ts), so role and scope changes apply at
 * once, within USER_CACHE_LAG_MS on other instances, and a token whose `ver` is not the
 * user's current token version (raised by every change to the user) is refused. A token
 * without `exp` is refused: every token ends.
 */
export class Tokens {
  /** A KeyObject, not raw bytes: jose would import raw bytes again on every verify. */
  private readonly key: KeyObject;
  /**
   * Tokens whose signature was checked, by their exact text: a device sends the same token on
   * every request, and the HMAC check was the largest single cost of a stock query. Only the
   * signature is remembered; expiry is checked on every use, and the user (with the token version
   * the token must match) is still looked up.
   */
  private readonly verified = new Map<string, { userId: string; tokenVersion: number; expiresAtMs: number }>();

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(
    user: { id: string; role: Role; tokenVersion: number },
    now = new Date(),
  ): Promise<{ token: string; expiresAt: string }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ role: user.role, ver: user.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      // A unique id per token, so two logins in the same second never share a token (or a rate-limit budget).
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verify(token: string, nowMs = Date.now()): Promise<TokenCheck> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once the current second reaches exp.
      if (nowMs >= known.expiresAtMs) {
        this.verified.delete(token);
        return { ok: false, code: 'token_expired' };
      }
      return { ok: true, ...known };
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
        currentDate: new Date(nowMs),
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, code: 'unauthorized' };
      if (typeof payload.exp !== 'number' || !Number.isSafeInteger(payload.ver))
        return { ok: false, code: 'unauthorized' };
      const check = { userId: payload.sub, tokenVersion: payload.ver as number, expiresAtMs: payload.exp * 1000 };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, check);
      return { ok: true, ...check };
    } catch (error) {
      return { ok: false, code: error instanceof errors.JWTExpired ? 'token_expired' : 'unauthorized' };
    }
  }
}
