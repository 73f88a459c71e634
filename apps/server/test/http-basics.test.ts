import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { movement } from '@stockline/test/support/api';
import { openSocket, startTestServer, type TestServer } from './support/harness';

describe('/healthz', () => {
  it('answers 200 with the store kind while the store answers, 503 once it does not', async () => {
    const t = await startTestServer();
    try {
      const ok = await fetch(`${t.url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ ok: true, store: 'sqlite' });
      await t.store.close();
      const down = await fetch(`${t.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, store: 'sqlite' });
    } finally {
      await t.close();
    }
  });
});

const METRICS_TOKEN = 'scraper-token-0123456789';

describe('/metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ METRICS_TOKEN });
  });
  afterAll(() => t?.close());

  it('exposes default, HTTP, movement, alert, pull and socket metrics in Prometheus text', async () => {
    const w = await t.admin.createWarehouse();
    const p = await t.admin.createProduct();
    await t.admin.push([movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 2 })]);
    await t.admin.setThreshold(w.id, p.id, 2);
    await t.admin.push([
      movement({ type: 'purchase', warehouseId: w.id, productId: p.id, quantity: 1 }),
      movement({ type: 'purchase', warehouseId: w.id, productId: p.id, quantity: 5 }),
    ]);
    // A replay of the same batch is answered from the stored verdicts and is not counted again.
    const sale = movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1 });
    await t.admin.push([sale]);
    await t.admin.push([sale]);
    await t.admin.pull('stock');
    await t.admin.pull('products');
    const socket = await openSocket(t.url, { token: t.admin.token });
    const res = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    socket.close();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('stockline_process_cpu_user_seconds_total');
    expect(text).toMatch(
      /stockline_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/movements",status="200"\} 4/,
    );
    expect(text).toMatch(/stockline_movements_total\{status="applied",reason=""\} 3/);
    expect(text).toMatch(/stockline_movements_total\{status="rejected",reason="insufficient_stock"\} 1/);
    expect(text).toMatch(/^stockline_alerts_raised_total 1$/m);
    expect(text).toMatch(/^stockline_connected_sockets 1$/m);
    // Pulls one after the other each have their own read.
    expect(text).toMatch(/^stockline_sync_pulls_total\{shared="false"\} 2$/m);
  });
});

describe('/metrics without METRICS_TOKEN', () => {
  it('is refused (403) to everyone, admins included', async () => {
    const t = await startTestServer();
    try {
      const anonymous = await fetch(`${t.url}/metrics`);
      expect(anonymous.status).toBe(403);
      expect(await anonymous.text()).not.toContain('stockline_');
      expect((await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.admin.token}` } })).status).toBe(
        403,
      );
    } finally {
      await t.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('answers 401 without the token or with another one, 200 with it', async () => {
    const token = 'scraper-token-0123456789';
    const t = await startTestServer({ METRICS_TOKEN: token });
    try {
      const get = (authorization?: string) =>
        fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect((await get()).status).toBe(401);
      expect((await get(`Bearer ${token}x`)).status).toBe(401);
      expect((await get(`Bearer ${t.admin.token}`)).status).toBe(401);
      const ok = await get(`Bearer ${token}`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('stockline_http_request_duration_seconds');
    } finally {
      await t.close();
    }
  });
});

describe('HTTP edges', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  it('answers an unknown API route with a JSON 404, for anyone', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/warehouses', '/api']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('sets security headers and hides the framework', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('gives API answers the headers that protect a JSON body, refusals included', async () => {
    for (const path of ['/api/v1/stock', '/api/v1/nope']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toBe("default-src 'none';frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security'), path).toContain('max-age=');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      expect(res.headers.get('etag'), path).toBeNull();
    }
  });

  it('sends no CORS headers by default: same origin only', async () => {
    const preflight = await fetch(`${t.url}/api/v1/movements`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${t.url}/api/v1/warehouses`, {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${t.admin.token}` },
    });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS preflights for the origins CORS_ORIGIN names (bearer tokens, no cookies)', async () => {
    const other = await startTestServer({ CORS_ORIGIN: 'app://scanner' });
    try {
      const ask = (origin: string) =>
        fetch(`${other.url}/api/v1/movements`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization,content-type',
          },
        });
      const res = await ask('app://scanner');
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('app://scanner');
      expect((await ask('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.close();
    }
  });

  it('accepts an empty POST without a content type (an acknowledgement)', async () => {
    const reply = await t.admin.request('POST', '/api/v1/alerts/00000000-0000-4000-8000-000000000000/ack');
    expect(reply.status).toBe(404);
  });
});

describe('the scanner web app at /', () => {
  let t: TestServer;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'stockline-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Stockline scanner</title><div id="root"></div>');
    writeFileSync(join(webDir, 'assets', 'index-3f9a1c.js'), 'console.log("app")');
    writeFileSync(join(webDir, 'sw.js'), 'self.addEventListener("fetch", () => {})');
    writeFileSync(join(webDir, 'manifest.webmanifest'), '{"name":"Stockline"}');
    t = await startTestServer({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / without caching it', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('Stockline scanner');
  });

  it('serves hashed assets as immutable and the service worker as no-cache', async () => {
    const asset = await fetch(`${t.url}/assets/index-3f9a1c.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const sw = await fetch(`${t.url}/sw.js`);
    expect(sw.status).toBe(200);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for app routes, but not for missing files or the API', async () => {
    const route = await fetch(`${t.url}/stock/some-warehouse`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('Stockline scanner');
    expect((await fetch(`${t.url}/assets/missing-123.js`)).status).toBe(404);
    const api = await fetch(`${t.url}/api/v1/unknown`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('says the web app is not built when WEB_DIR has no index.html', async () => {
    const bare = await startTestServer();
    try {
      const res = await fetch(`${bare.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('not built');
      expect((await fetch(`${bare.url}/anything`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });
});

describe('paths match exactly: no other spelling of a route is served', () => {
  let t: TestServer;
  let webDir: string;
  beforeAll(async () => {
    // With a built web app, so an API path in another spelling cannot fall back to index.html either.
    webDir = mkdtempSync(join(tmpdir(), 'stockline-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Stockline scanner</title>');
    t = await startTestServer({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('another case or a trailing slash is a JSON 404, never the route (login, lists, the hot stock row)', async () => {
    const w = await t.admin.createWarehouse();
    const p = await t.admin.createProduct();
    const login = JSON.stringify({ username: 'admin', password: 'wrong-password-123' });
    const asked: Array<[string, string]> = [
      ['POST', '/API/v1/auth/login'],
      ['POST', '/api/v1/auth/login/'],
      ['POST', '/api/v1/Auth/login'],
      ['POST', '/api/V1/auth/login'],
      ['GET', '/Api/v1/warehouses'],
      ['GET', '/api/v1/warehouses/'],
      ['GET', '/api/v1/WAREHOUSES'],
      ['GET', `/api/v1/stock/${w.id}/${p.id}/`],
      ['GET', `/api/v1/Stock/${w.id}/${p.id}`],
    ];
    const answers = await Promise.all(
      asked.map(async ([method, path]) => {
        const res = await fetch(`${t.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${t.admin.token}`, 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: login } : {}),
        });
        return `${method} ${path} -> ${res.status} ${res.headers.get('content-type')?.split(';')[0]}`;
      }),
    );
    expect(answers).toEqual(asked.map(([method, path]) => `${method} ${path} -> 404 application/json`));
    // The exact spellings are served.
    expect((await t.admin.request('GET', '/api/v1/warehouses')).status).toBe(200);
    expect((await t.admin.request('GET', `/api/v1/stock/${w.id}/${p.id}`)).status).toBe(200);
  });
});

describe('JSON answers of the hot routes (written without res.json)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t?.close());

  const auth = () => ({ authorization: `Bearer ${t.admin.token}` });

  it('the stock row: UTF-8 JSON with its length in bytes, and HEAD gets the same headers and no body', async () => {
    const w = await t.admin.createWarehouse();
    const p = await t.admin.createProduct();
    await t.admin.push([movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 7 })]);
    const url = `${t.url}/api/v1/stock/${w.id}/${p.id}`;
    const get = await fetch(url, { headers: auth() });
    const text = await get.text();
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(get.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(JSON.parse(text)).toMatchObject({ warehouseId: w.id, productId: p.id, qty: 7 });
    // The API's own headers are still there.
    expect(get.headers.get('x-content-type-options')).toBe('nosniff');
    expect(get.headers.get('ratelimit')).toMatch(/^limit=\d+, remaining=\d+, reset=\d+$/);

    const head = await fetch(url, { method: 'HEAD', headers: auth() });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('a sync pull carrying non-ASCII names: Content-Length counts bytes, not characters', async () => {
    const name = 'Étagère murale ✓ 棚 🔩';
    await t.admin.createProduct({ name });
    const res = await fetch(`${t.url}/api/v1/sync/products?after=0&limit=100`, { headers: auth() });
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThan(bytes.toString('utf8').length);
    const page = JSON.parse(bytes.toString('utf8')) as { documents: { name: string }[] };
    expect(page.documents.map((d) => d.name)).toContain(name);
  });
});
