import { Agent, request as httpRequest } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { Api, movement } from '@stockline/test/support/api';
import { ServerProcess } from '@stockline/test/support/server-process';

/**
 * The drain as docs/operations.md describes it, against the real process and real HTTP: after
 * SIGTERM the listener keeps answering for DRAIN_WINDOW_MS (/readyz 503, /healthz 200, the API
 * 503 "server restarting" with Retry-After, on new and on idle keep-alive connections alike),
 * a request already running finishes, and then the process closes and exits 0.
 */

let server: ServerProcess | null = null;
afterAll(() => server?.dispose());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; agent?: Agent; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

it('after SIGTERM: /readyz 503, /healthz 200, new calls 503 server_restarting with Retry-After, a running push finishes; then it exits 0', async () => {
  server = await ServerProcess.start({ env: { DRAIN_WINDOW_MS: '5000', SHUTDOWN_TIMEOUT_MS: '20000' } });
  const admin = await Api.login(server.url);
  const auth = { authorization: `Bearer ${admin.token}` };
  const w = await admin.createWarehouse();
  const p = await admin.createProduct();

  // A keep-alive connection, idle when the signal comes.
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
  expect((await send(`${server.url}/healthz`, { agent: keepAlive })).status).toBe(200);

  // A push whose body is still arriving when the signal comes: a running request. The server
  // answers `Expect: 100-continue` in the same step in which it starts handling the request, so
  // the 100 says the request is running.
  const body = JSON.stringify({
    movements: [movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 7 })],
  });
  let finishBody: () => void = () => undefined;
  let accepted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (accepted = resolve));
  const running = new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      `${server!.url}/api/v1/movements`,
      {
        method: 'POST',
        headers: {
          ...auth,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          expect: '100-continue',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.once('continue', () => {
      req.write(body.slice(0, 10));
      accepted();
    });
    req.flushHeaders();
    finishBody = () => req.end(body.slice(10));
  });
  await started;

  const exited = server.stop();
  await expect
    .poll(async () => (await send(`${server!.url}/readyz`)).status, { timeout: 4000, interval: 20 })
    .toBe(503);

  expect((await send(`${server.url}/healthz`)).status).toBe(200);
  const refused = await send(`${server.url}/api/v1/warehouses`, { headers: auth });
  expect(refused.status).toBe(503);
  expect(refused.headers['retry-after']).toBe('2');
  expect(JSON.parse(refused.body)).toEqual({
    error: { code: 'unavailable', message: 'server restarting', details: { reason: 'server_restarting' } },
  });
  const onIdleConnection = await send(`${server.url}/api/v1/warehouses`, { headers: auth, agent: keepAlive });
  expect(onIdleConnection.status).toBe(503);
  expect(onIdleConnection.headers.connection).toBe('close');

  finishBody();
  const pushed = await running;
  expect(pushed.status, pushed.body).toBe(200);
  expect(JSON.parse(pushed.body).results[0]).toMatchObject({ status: 'applied' });

  expect(await exited).toBe(0);
  await expect(send(`${server.url}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
  keepAlive.destroy();
}, 60_000);
