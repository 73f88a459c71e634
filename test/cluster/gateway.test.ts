import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing } from '../../apps/server/src/store/postgres/testing/availability';
import { Api } from '../support/api';
import { nginxMissing } from '../support/nginx';
import { TEST_ADMIN_PASSWORD } from '../support/server-process';
import { closeSourceAgents, fetchFrom, loopbackAddress } from '../support/source-address';
import { buildServerBundle, ClusterStack, LOGIN_FAILURES_PER_ADDRESS } from './stack';

/**
 * The gateway of the several-instance layout (deploy/nginx/stockline.conf in front of three
 * instances on PostgreSQL, all on loopback): what nginx limits, and what the instances believe of
 * the client addresses it passes on. Clients leave from different loopback addresses.
 */

const missing = postgresMissing() ?? nginxMissing();
if (missing) console.warn(`[cluster gateway] skipped: ${missing}`);

let stack: ClusterStack;
let admin: Api;

/** An admin client leaving from the n-th loopback address. */
const adminFrom = (n: number) => admin.via(fetchFrom(loopbackAddress(n)));

describe.skipIf(missing !== null)('cluster gateway: nginx in front of 3 instances', () => {
  beforeAll(async () => {
    buildServerBundle();
    stack = await ClusterStack.start(3);
    admin = await Api.login(stack.url);
  }, 120_000);

  afterAll(async () => {
    await closeSourceAgents();
    await stack?.stop();
  });

  it('the gateway limits request rates per client address and body sizes', async () => {
    // The instances' own limits are off here, so a 429 or a 413 can only come from nginx.
    const flood = adminFrom(5000);
    const replies = await Promise.all(Array.from({ length: 700 }, () => flood.request('GET', '/api/v1/warehouses')));
    const limited = replies.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status !== 429 && r.status !== 200)).toEqual([]);
    // Another address is not held back by the first one's flood.
    expect((await adminFrom(5001).request('GET', '/api/v1/warehouses')).status).toBe(200);
    const big = await adminFrom(5002).request(
      'POST',
      '/api/v1/movements',
      `{"movements":[],"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`,
      {
        'content-type': 'application/json',
      },
    );
    expect(big.status).toBe(413);
    expect(String(big.body)).toContain('413 Request Entity Too Large'); // nginx's page, not the server's JSON error
    console.log(
      `[cluster] gateway: ${limited} of 700 simultaneous requests from one address refused 429; a 2 MiB body refused 413`,
    );
  }, 60_000);

  it('instances count each client under the address nginx saw, whatever X-Forwarded-For it sends (TRUST_PROXY=1)', async () => {
    // The login brakes live in each instance's memory: the attacker and its neighbour must land on
    // the same instance for "they do not share a budget" to mean anything.
    const attacker = loopbackAddress(7000);
    const home = await stack.instanceFor(fetchFrom(attacker));
    let neighbour = '';
    for (let n = 7001; !neighbour; n++) {
      if (n > 7400) throw new Error("no second address reaches the attacker's instance");
      if ((await stack.instanceFor(fetchFrom(loopbackAddress(n)))) === home) neighbour = loopbackAddress(n);
    }
    const failLogin = (from: string, n: number, claimed?: string) =>
      fetchFrom(from)(`${stack.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(claimed ? { 'x-forwarded-for': claimed } : {}) },
        // A fresh username each time: only the per-address brake can answer 429.
        body: JSON.stringify({ username: `nobody-${n}-${randomUUID().slice(0, 6)}`, password: 'not-the-password-1' }),
      });

    // Failed logins from one machine, each claiming a fresh address. nginx's own login limit
    // (an HTML 429) is waited out; a JSON 429 can only come from the instance's brake.
    const statuses: number[] = [];
    let gatewayWaits = 0;
    for (let n = 0; statuses.length < 300 && statuses.at(-1) !== 429;) {
      const res = await failLogin(attacker, n, `203.0.${n >> 8}.${n & 255}`);
      const json = (res.headers.get('content-type') ?? '').includes('application/json');
      const body = await res.text();
      if (res.status === 429 && !json) {
        gatewayWaits++;
        await new Promise((r) => setTimeout(r, 600));
        continue;
      }
      expect(json, body).toBe(true);
      if (res.status === 429) expect(JSON.parse(body).error.code).toBe('rate_limited');
      statuses.push(res.status);
      n++;
    }
    // Counted under its real address: refused right after its budget, not 300 times 401.
    expect(statuses).toEqual([...Array(LOGIN_FAILURES_PER_ADDRESS).fill(401), 429]);

    // Another client on the same instance, sending no X-Forwarded-For: its own budget, untouched.
    expect((await failLogin(neighbour, 0)).status).toBe(401);
    expect((await admin.via(fetchFrom(neighbour)).request('GET', '/api/v1/warehouses')).status).toBe(200);
    const signIn = await fetchFrom(neighbour)(`${stack.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    console.log(
      `[cluster] spoofed X-Forwarded-For: refused 429 by instance ${home + 1} after ${statuses.length - 1} failures (waited out nginx ${gatewayWaits}x); a neighbour on it unaffected`,
    );
  }, 120_000);

  it('another spelling of a path is a 404 from the instance, never served past the location that limits it', async () => {
    const from = adminFrom(7500);
    const login = { username: 'admin', password: 'not-the-password-1' };
    const asked: Array<[string, string]> = [
      ['POST', '/API/v1/auth/login'],
      ['POST', '/api/v1/auth/login/'],
      ['POST', '/Api/v1/auth/login'],
      ['GET', '/Api/v1/warehouses'],
      ['GET', '/api/v1/warehouses/'],
    ];
    const answers: string[] = [];
    for (const [method, path] of asked) {
      const reply = await from.request(method, path, method === 'POST' ? login : undefined);
      answers.push(
        `${method} ${path} -> ${reply.status} ${(reply.body as { error?: { code?: string } })?.error?.code}`,
      );
    }
    expect(answers).toEqual(asked.map(([method, path]) => `${method} ${path} -> 404 not_found`));
  }, 60_000);
});
