// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from 'vite';
import { serviceWorker } from '../../build/service-worker-plugin';

type Listener = (event: Record<string, unknown>) => void;

/** Builds sw.js for a small fake build and runs it in a bare service-worker-like global. */
function loadWorker(outDir: string) {
  const plugin = serviceWorker();
  (plugin.configResolved as (c: ResolvedConfig) => void)({ root: outDir, build: { outDir: '.' } } as ResolvedConfig);
  (plugin.closeBundle as () => void)();
  const source = readFileSync(join(outDir, 'sw.js'), 'utf8');
  const listeners = new Map<string, Listener>();
  const cached: string[] = [];
  const self = {
    location: { href: 'http://stock.local:8080/sw.js' },
    addEventListener: (type: string, fn: Listener) => listeners.set(type, fn),
    skipWaiting: () => Promise.resolve(),
    clients: { claim: () => Promise.resolve() },
  };
  const caches = {
    open: () => Promise.resolve({ addAll: (reqs: Request[]) => (cached.push(...reqs.map((r) => r.url)), Promise.resolve()), match: () => Promise.resolve(undefined) }),
    keys: () => Promise.resolve([]),
  };
  runInNewContext(source, { self, caches, URL, Request, Response, fetch: () => Promise.reject(new Error('offline')), Set, Promise, JSON });
  /** Whether the worker answers this request itself (true) or leaves it to the network (false). */
  const handles = (url: string, mode = 'cors', method = 'GET') => {
    let responded = false;
    listeners.get('fetch')?.({ request: { url, mode, method }, respondWith: (p: Promise<unknown>) => ((responded = true), p.catch(() => undefined)) });
    return responded;
  };
  const install = async () => {
    let done: Promise<unknown> = Promise.resolve();
    listeners.get('install')?.({ waitUntil: (p: Promise<unknown>) => (done = p) });
    await done;
    return cached;
  };
  return { source, handles, install };
}

describe('service worker', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stockline-sw-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'assets/index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('precaches the whole app shell of the build', async () => {
    const cached = await loadWorker(dir).install();
    expect(cached.sort()).toEqual(
      ['', 'assets/index-abc123.js', 'index.html', 'manifest.webmanifest'].map((p) => `http://stock.local:8080/${p}`).sort(),
    );
  });

  it('serves pages and built files, and never touches the API or the live socket', () => {
    const { handles } = loadWorker(dir);
    expect(handles('http://stock.local:8080/', 'navigate')).toBe(true);
    expect(handles('http://stock.local:8080/assets/index-abc123.js')).toBe(true);
    expect(handles('http://stock.local:8080/api/v1/stock?warehouseId=x')).toBe(false);
    expect(handles('http://stock.local:8080/api/v1/sync/stock', 'navigate')).toBe(false);
    expect(handles('http://stock.local:8080/socket.io/?EIO=4&transport=polling')).toBe(false);
    expect(handles('http://stock.local:8080/api/v1/movements', 'cors', 'POST')).toBe(false);
    expect(handles('http://elsewhere.example/assets/index-abc123.js')).toBe(false);
  });

  it('gets a new version when the build changes, so the old cache is replaced', () => {
    const before = loadWorker(dir).source.match(/const VERSION = '(\w+)'/)?.[1];
    writeFileSync(join(dir, 'assets/index-abc123.js'), 'console.log(2)');
    const after = loadWorker(dir).source.match(/const VERSION = '(\w+)'/)?.[1];
    expect(before).toBeTruthy();
    expect(after).not.toBe(before);
  });
});
