// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { NEVER_CACHED, pwaOptions } from '../../build/pwa';

interface Built {
  /** The precache manifest: every URL the worker keeps, with its revision (null when the name is hashed). */
  precached: Array<{ url: string; revision: string | null }>;
  source: string;
}

/** Builds a small app with the scanner's service-worker options and reads the worker it gets. */
async function buildApp(root: string, script: string): Promise<Built> {
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>',
  );
  writeFileSync(join(root, 'main.js'), script);
  writeFileSync(join(root, 'manifest.webmanifest'), '{}');
  await build({
    root,
    configFile: false,
    logLevel: 'silent',
    base: './',
    publicDir: false,
    build: { outDir: join(root, 'dist'), emptyOutDir: true },
    plugins: [VitePWA(pwaOptions())],
  });
  const source = readFileSync(join(root, 'dist/sw.js'), 'utf8');
  const manifest = source.match(/precacheAndRoute\((\[.*?\])/s)?.[1];
  if (!manifest) throw new Error('no precache manifest in sw.js');
  // The manifest is a JavaScript array literal of plain objects.
  const precached = runInThisContext(`(${manifest})`) as Built['precached'];
  return { precached, source };
}

describe('service worker (Workbox via vite-plugin-pwa)', () => {
  let root: string;
  let first: Built;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'stockline-sw-'));
    first = await buildApp(root, 'console.log(1)');
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('precaches the whole app shell of the build', () => {
    const urls = first.precached.map((entry) => entry.url);
    expect(urls).toContain('index.html');
    expect(urls.some((url) => /^assets\/index-[\w-]+\.js$/.test(url))).toBe(true);
  });

  it('falls back to the cached page for navigations, and routes nothing else', () => {
    expect(first.source).toContain('createHandlerBoundToURL("index.html")');
    // One route only: the navigation fallback. No runtime caching means API and socket traffic
    // is never answered from a cache.
    expect(first.source.match(/registerRoute\(/g)).toHaveLength(1);
    expect(first.precached.every((entry) => !NEVER_CACHED.some((path) => path.test(`/${entry.url}`)))).toBe(true);
  });

  it('never answers a navigation to the API or the live socket', () => {
    const denied = (path: string) => NEVER_CACHED.some((pattern) => pattern.test(path));
    for (const path of ['/api/v1/stock', '/api/v1/sync/stock', '/socket.io/', '/stock/api/v1/movements'])
      expect(denied(path), path).toBe(true);
    for (const path of ['/', '/index.html', '/products/123', '/apiary']) expect(denied(path), path).toBe(false);
    expect(first.source).toContain(String(NEVER_CACHED[0]));
  });

  it('gets a new precache manifest when the build changes, so the old version is replaced', async () => {
    const second = await buildApp(root, 'console.log(2)');
    expect(second.precached).not.toEqual(first.precached);
  }, 120_000);

  it('waits for the user before switching versions', () => {
    // A waiting worker takes over only when the page asks (the update banner's "Reload now").
    expect(first.source).toContain('SKIP_WAITING');
    expect(first.source.match(/skipWaiting\(\)/g)).toHaveLength(1);
    expect(first.source).not.toContain('clientsClaim');
  });
});
