import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness';

/** Raw bytes and headers as sent: node:http decodes nothing, unlike fetch. */
function rawGet(
  url: string,
  acceptEncoding: string | null,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('the web app is sent precompressed', () => {
  const script = `console.log(${JSON.stringify('stock '.repeat(2000))});`;
  const worker = `self.addEventListener("fetch", () => {}); // ${'x'.repeat(2000)}`;
  let t: TestServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'stockline-web-br-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Stockline scanner</title>');
    for (const [name, text] of [
      ['assets/index-3f9a1c.js', script],
      ['sw.js', worker],
    ] as const) {
      writeFileSync(join(webDir, name), text);
      writeFileSync(join(webDir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(webDir, `${name}.gz`), gzipSync(text));
    }
    t = await startTestServer({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends brotli to a browser that accepts it, with the type, Vary and the long cache of the original', async () => {
    const res = await rawGet(`${t.url}/assets/index-3f9a1c.js`, 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends gzip to a client that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await rawGet(`${t.url}/assets/index-3f9a1c.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await rawGet(`${t.url}/assets/index-3f9a1c.js`, null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('keeps the service worker uncached when it is sent compressed', async () => {
    const res = await rawGet(`${t.url}/sw.js`, 'br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
  });
});
