import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '@stockline/protocol';

export type TokenCheck =
  | { ok: true; userId: string; tokenVersion: number; expiresAtMs: number }
  | { ok: false; code: 'unauthorized' | 'token_expired' };

/**
 * HS256 bearer tokens carrying the user id (sub), role and the user's token version (ver). The
 * role in the token is a hint for clients only: the server looks the user up on every request and
 * socket handshake, so role and scope changes apply at once, and a token whose `ver` is not the
 * user's current token version (raised by every change to the user) is refused. A token
 * without `exp` is refused: every token ends.
 */
export class Tokens {
  /** A KeyObject, not raw bytes: jose would import raw bytes again on every verify. */
  private readonly key: KeyObject;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  async issue(user: { id: string; role: Role; tokenVersion: number }, now = new Date()): Promise<{ token: string; expiresAt: string }> {
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

  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
      if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, code: 'unauthorized' };
      if (typeof payload.exp !== 'number' || !Number.isSafeInteger(payload.ver)) return { ok: false, code: 'unauthorized' };
      return { ok: true, userId: payload.sub, tokenVersion: payload.ver as number, expiresAtMs: payload.exp * 1000 };
    } catch (error) {
      return { ok: false, code: error instanceof errors.JWTExpired ? 'token_expired' : 'unauthorized' };
    }
  }
}
