import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@stockline/protocol';
import { openSocket, startTestServer, type TestServer } from './support/harness';

/** Random bodies, paths and socket handshakes: a 4xx or a refusal each time, never a 500 or a crash. */

describe('bad inputs, at random', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('never answers a 500 to random JSON bodies on any write endpoint', async () => {
    const paths = [
      '/api/v1/movements',
      '/api/v1/products',
      '/api/v1/warehouses',
      '/api/v1/users',
      '/api/v1/auth/login',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 4 }), async (path, body) => {
        const reply = await t.admin.request('POST', path, JSON.stringify(body));
        expect(reply.status, `${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
        expect(reply.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers a 500 or logs an error for random percent-encoded paths', async () => {
    const escape = fc.oneof(
      fc.constantFrom('%', '%z', '%zz', '%E0%A4%A', '%C0%AF', '%ff', '%00', '%2F', '%25'),
      fc.string({ maxLength: 6 }).map(encodeURIComponent),
    );
    const segment = fc.array(escape, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    const prefixes = ['/api/v1/products/', '/api/v1/stock/', '/api/v1/sync/', '/api/v1/alerts/', '/api/v1/users/', '/'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...prefixes), segment, segment, async (prefix, x, y) => {
        const reply = await t.admin.request('GET', `${prefix}${x}/${y}`);
        expect(reply.status, `${prefix}${x}/${y}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never crashes the handshake: random auth payloads connect only with a real token and a served protocol', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            token: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 }), fc.constant(t.admin.token)),
            deviceId: fc.oneof(fc.string({ maxLength: 120 }), fc.jsonValue({ maxDepth: 2 })),
            protocolVersion: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 })),
          },
          { requiredKeys: [] },
        ),
        async (auth) => {
          let connected = false;
          try {
            const socket = await openSocket(t.url, auth);
            connected = true;
            socket.close();
          } catch (error) {
            expect(['unauthorized', 'upgrade_required', 'rate_limited']).toContain(
              (error as { data?: { code?: string } }).data?.code,
            );
          }
          const v = auth.protocolVersion;
          const unserved = typeof v === 'number' && (v < 1 || v > PROTOCOL_VERSION || !Number.isInteger(v));
          if (connected) expect(auth.token === t.admin.token && !unserved, JSON.stringify(auth)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    // The server is still well.
    expect((await t.admin.request('GET', '/api/v1/warehouses')).status).toBe(200);
  });
});
