import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Checkpoint as Thing, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@stockline/protocol';
import { HttpClient, login, RequestFailed } from './http';

/** What the server saw of each request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let url: string;
const seen: Seen[] = [];
const routes = new Map<string, Route>();
/** Requests held without an answer (the timeout test), answered at the end so the server can close. */
const held: ServerResponse[] = [];

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const route = routes.get(`${req.method} ${req.url?.split('?')[0]}`);
      if (route) route(req, res, body);
      else json(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('the device HTTP client, on a real server', () => {
  it('names the protocol, sends the token and the JSON body, and reads the answer with the schema', async () => {
    routes.set('POST /api/v1/things', (_req, res, body) =>
      json(res, 200, { seq: JSON.parse(body).qty, extra: 'dropped' }),
    );
    const client = new HttpClient({ serverUrl: `${url}/`, token: () => 'tok-1' });
    const thing = await client.send(Thing, 'POST', '/things', {
      json: { qty: 3 },
      query: { dryRun: true, skip: undefined },
    });
    expect(thing).toEqual({ seq: 3 });
    const req = seen.at(-1)!;
    expect(req.url).toBe('/api/v1/things?dryRun=true');
    expect(req.headers[PROTOCOL_HEADER]).toBe(String(PROTOCOL_VERSION));
    expect(req.headers.authorization).toBe('Bearer tok-1');
    expect(req.headers['content-type']).toBe('application/json');
  });

  it('signs in with the protocol header and no token', async () => {
    routes.set('POST /api/v1/auth/login', (_req, res) =>
      json(res, 200, {
        token: 't',
        expiresAt: '2026-12-07T00:00:00.000Z',
        user: {
          id: '0190a0b0-0000-7000-8000-000000000001',
          username: 'anna',
          role: 'clerk',
          warehouseIds: [],
          active: true,
        },
      }),
    );
    const session = await login(url, 'anna', 'pallet-jack-4821');
    expect(session.user.username).toBe('anna');
    const req = seen.at(-1)!;
    expect(req.headers[PROTOCOL_HEADER]).toBe(String(PROTOCOL_VERSION));
    expect(req.headers.authorization).toBeUndefined();
    expect(JSON.parse(req.body)).toEqual({ username: 'anna', password: 'pallet-jack-4821' });
  });

  it('turns an error answer into one RequestFailed with the code, the server sentence and the details', async () => {
    routes.set('GET /api/v1/conflict', (_req, res) =>
      json(res, 409, { error: { code: 'conflict', message: 'SKU taken', details: { field: 'sku' } } }),
    );
    routes.set('GET /api/v1/old', (_req, res) =>
      json(res, 426, {
        error: { code: 'upgrade_required', message: 'too old', details: { supported: { min: 2, max: 3 } } },
      }),
    );
    routes.set('GET /api/v1/gone', (_req, res) => res.writeHead(401).end());
    const client = new HttpClient({ serverUrl: url, token: () => 'tok' });
    const conflict = await client.send(Thing, 'GET', '/conflict').catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(RequestFailed);
    expect(conflict).toMatchObject({
      kind: 'refused',
      code: 'conflict',
      status: 409,
      serverMessage: 'SKU taken',
      details: { field: 'sku' },
    });
    await expect(client.send(Thing, 'GET', '/old')).rejects.toMatchObject({
      kind: 'outdated',
      code: 'upgrade_required',
      details: { supported: { min: 2, max: 3 } },
    });
    await expect(client.send(Thing, 'GET', '/gone')).rejects.toMatchObject({
      kind: 'expired',
      code: 'unauthorized',
      status: 401,
      serverMessage: undefined,
    });
  });

  it('refuses an answer the protocol does not describe, and one cut off mid-body', async () => {
    routes.set('GET /api/v1/wrong', (_req, res) => json(res, 200, { seq: 'seven' }));
    routes.set('GET /api/v1/cut', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"seq": 1');
      res.destroy();
    });
    const client = new HttpClient({ serverUrl: url, token: () => 'tok' });
    await expect(client.send(Thing, 'GET', '/wrong')).rejects.toMatchObject({
      kind: 'unreadable',
      code: 'unreadable',
      status: 200,
    });
    await expect(client.send(Thing, 'GET', '/cut')).rejects.toMatchObject({ kind: 'transport', code: 'network' });
  });

  it('gives up on a server that does not answer after the timeout, as a transport failure', async () => {
    routes.set('GET /api/v1/hang', (_req, res) => void held.push(res));
    const client = new HttpClient({ serverUrl: url, token: () => 'tok', timeoutMs: 150 });
    const started = Date.now();
    const failure = await client.send(Thing, 'GET', '/hang').catch((e: unknown) => e);
    expect(failure).toMatchObject({ kind: 'transport', code: 'network', status: 0 });
    expect((failure as Error).message).toMatch(/no answer after 150 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("lets the caller's own abort through as an abort, not as the server being away", async () => {
    routes.set('GET /api/v1/slow', (_req, res) => void held.push(res));
    const client = new HttpClient({ serverUrl: url, token: () => 'tok' });
    const controller = new AbortController();
    const asked = client.send(Thing, 'GET', '/slow', { signal: controller.signal }).catch((e: unknown) => e);
    await expect.poll(() => seen.some((s) => s.url === '/api/v1/slow')).toBe(true);
    controller.abort();
    const error = await asked;
    expect(error).not.toBeInstanceOf(RequestFailed);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reports a server that is not there as a transport failure', async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const client = new HttpClient({ serverUrl: `http://127.0.0.1:${port}`, token: () => 'tok' });
    await expect(client.send(Thing, 'GET', '/things')).rejects.toMatchObject({
      kind: 'transport',
      code: 'network',
      status: 0,
    });
  });
});
