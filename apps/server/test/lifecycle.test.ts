import { request as httpRequest } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { movement } from '@stockline/test/support/api';
import { openSocket, startTestServer, type TestServer } from './support/harness';

let t: TestServer | null = null;
afterEach(async () => {
  await t?.close().catch(() => undefined);
  t = null;
});

it('/readyz is 200 while serving; once draining it is 503, the API answers "server restarting" and /healthz stays up', async () => {
  t = await startTestServer();
  const ready = await fetch(`${t.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ ready: true, store: true, draining: false });

  t.server.lifecycle.startDraining();
  const draining = await fetch(`${t.url}/readyz`);
  expect(draining.status).toBe(503);
  expect(await draining.json()).toMatchObject({ ready: false, draining: true });
  const api = await fetch(`${t.url}/api/v1/warehouses`, { headers: { authorization: `Bearer ${t.admin.token}` } });
  expect(api.status).toBe(503);
  expect(api.headers.get('retry-after')).toBe('2');
  expect(await api.json()).toEqual({
    error: { code: 'unavailable', message: 'server restarting', details: { reason: 'server_restarting' } },
  });
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
});

it('/readyz is 503 when the store is closed', async () => {
  t = await startTestServer();
  await t.store.close();
  const res = await fetch(`${t.url}/readyz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ ready: false, store: false });
});

it('drain lets a batch already being received finish and apply, tells sockets "server_restarting", then closes them', async () => {
  t = await startTestServer();
  const w = await t.admin.createWarehouse();
  const p = await t.admin.createProduct();
  const socket = await openSocket(t.url, { token: t.admin.token });
  const told = new Promise<unknown>((resolve) => socket.once('restarting', resolve));
  const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));

  // A push whose body is still arriving when the drain starts: an in-flight batch.
  const body = JSON.stringify({
    movements: [movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 7 })],
  });
  const url = new URL(`${t.url}/api/v1/movements`);
  const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: {
          authorization: `Bearer ${t!.admin.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10));
    // The rest arrives once the drain has begun.
    const finish = setInterval(() => {
      if (t!.server.lifecycle.draining) {
        clearInterval(finish);
        req.end(body.slice(10));
      }
    }, 5);
  });
  await expect.poll(() => t!.server.lifecycle.requestsInFlight).toBe(1);

  const drained = t.server.drain(10_000);
  const answer = await reply;
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.text).results[0]).toMatchObject({ status: 'applied' });
  expect(await drained).toBe(true);
  expect(await told).toEqual({ reason: 'server_restarting' });
  // The reason the app shows comes from the event; the socket itself is closed either way.
  expect(['io server disconnect', 'transport close']).toContain(await closed);
  expect((await t.store.getStock(w.id, p.id))?.qty).toBe(7);
  socket.close();
});

it('drain gives up on a request that never finishes after the bound, and says so', async () => {
  t = await startTestServer();
  const url = new URL(`${t.url}/api/v1/movements`);
  const req = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { authorization: `Bearer ${t.admin.token}`, 'content-type': 'application/json', 'content-length': 1000 },
  });
  req.on('error', () => undefined);
  req.write('{"movements":');
  await expect.poll(() => t!.server.lifecycle.requestsInFlight).toBe(1);
  expect(await t.server.drain(300)).toBe(false);
});
