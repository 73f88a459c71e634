import { describe, expect, it } from 'vitest';
import { Tokens } from './tokens';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-0123456789';
const user = { id: '6f1c1f8e-3b8a-4d7e-9b65-0d3d5f1a2b3c', role: 'clerk' as const, tokenVersion: 3 };

describe('Tokens', () => {
  it('remembers a checked signature but still expires the token on time', async () => {
    const tokens = new Tokens(SECRET, 60);
    const issuedAt = new Date();
    const { token, expiresAt } = await tokens.issue(user, issuedAt);
    const exp = Date.parse(expiresAt);
    expect(await tokens.verify(token, exp - 1_000)).toEqual({
      ok: true,
      userId: user.id,
      tokenVersion: 3,
      expiresAtMs: exp,
    });
    // Second use comes from memory; the answer is the same.
    expect(await tokens.verify(token, exp - 1)).toEqual({
      ok: true,
      userId: user.id,
      tokenVersion: 3,
      expiresAtMs: exp,
    });
    expect(await tokens.verify(token, exp)).toEqual({ ok: false, code: 'token_expired' });
    expect(await tokens.verify(token, exp + 1)).toEqual({ ok: false, code: 'token_expired' });
  });

  it('never lets a remembered token vouch for a tampered or foreign one', async () => {
    const tokens = new Tokens(SECRET, 60);
    const { token } = await tokens.issue(user);
    expect((await tokens.verify(token)).ok).toBe(true);
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url');
    expect(await tokens.verify(`${header}.${otherPayload}.${signature}`)).toEqual({ ok: false, code: 'unauthorized' });
    const foreign = await new Tokens('another-secret-that-is-long-enough-0123456789', 60).issue(user);
    expect(await tokens.verify(foreign.token)).toEqual({ ok: false, code: 'unauthorized' });
  });
});
