import { get } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext, BenchModule } from '../support/context';
import { BenchServer } from '../support/server';
import { WEB_DIR, ensureWebBuild } from '../../test/e2e/support/web-build';

/** What a handheld downloads on its first visit: the page, sw.js, and every file the service worker precaches. */
function coldLoadFiles(): string[] {
  const sw = readFileSync(join(WEB_DIR, 'sw.js'), 'utf8');
  const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(['index.html', 'sw.js', ...precached])];
}

/** Bytes on the wire for one file (node:http, so nothing is decoded on the way). */
function wireBytes(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`));
        else resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function coldLoad(
  base: string,
  files: string[],
  acceptEncoding: string,
): Promise<{ total: number; mainScript: number; encodings: Set<string> }> {
  let total = 0;
  let mainScript = 0;
  const encodings = new Set<string>();
  for (const file of files) {
    const { bytes, encoding } = await wireBytes(`${base}/${file}`, acceptEncoding);
    total += bytes;
    encodings.add(encoding);
    if (/^assets\/index-[^/]+\.js$/.test(file)) mainScript = bytes;
  }
  return { total, mainScript, encodings };
}

/** The web app's cold first load, as a browser that accepts brotli gets it, beside the same files sent uncompressed. */
export const firstLoad: BenchModule = {
  name: 'first-load',
  what: "bytes of the scanner web app's cold first load, compressed as served against uncompressed",
  async run(ctx: BenchContext) {
    ensureWebBuild();
    const server = await BenchServer.start({ env: { WEB_DIR } });
    try {
      const files = coldLoadFiles();
      const plain = await coldLoad(server.url, files, 'identity');
      const served = await coldLoad(server.url, files, 'br, gzip, deflate');
      ctx.report.log(`${files.length} files; encodings served: ${[...served.encodings].join(', ')}`);
      const kb = (n: number) => n / 1024;
      ctx.report.figure({
        name: 'main script on the wire',
        value: kb(served.mainScript),
        unit: 'KiB',
        baseline: { name: 'uncompressed', value: kb(plain.mainScript) },
        target: null,
        met: null,
      });
      ctx.report.figure({
        name: 'cold first load on the wire',
        value: kb(served.total),
        unit: 'KiB',
        baseline: { name: 'uncompressed', value: kb(plain.total) },
        target: null,
        met: null,
      });
    } finally {
      await server.stop();
    }
  },
};
