import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { Router } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { strictRouter } from './strict-router';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stockline</title></head>
<body><h1>Stockline sync server</h1>
<p>The scanner web app is not built. Run <code>npm start</code> from the repository root (it builds it),
or set <code>WEB_DIR</code> to a folder holding its <code>index.html</code>. The API is at <code>/api/v1</code>.</p>
</body></html>`;

/**
 * Files a browser must re-check on every load, so a new release is picked up at once. The path
 * may be a precompressed copy (`.br`, `.gz`) served in the original's place.
 */
const ALWAYS_REVALIDATE =
  /(^|\/)(index\.html|sw\.js|service-worker\.js|registerSW\.js|manifest\.webmanifest)(\.br|\.gz)?$/;
/** Vite's content-hashed build output: the name changes when the content does. */
const HASHED = /\/assets\//;

function cacheHeaders(res: ServerResponse, path: string): void {
  if (ALWAYS_REVALIDATE.test(path)) res.setHeader('Cache-Control', 'no-cache');
  else if (HASHED.test(path.replaceAll('\\', '/')))
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  else res.setHeader('Cache-Control', 'public, max-age=3600');
}

/**
 * The scanner web app at /, with every other non-API GET answered by index.html so the app's
 * own routes survive a reload. Without a build, / explains how to get one.
 */
export function webApp(webDir: string): Router {
  const router = strictRouter();
  const index = join(webDir, 'index.html');
  // The build writes brotli and gzip copies beside each asset; the one the browser accepts is
  // sent with Content-Encoding and `Vary: Accept-Encoding`, so no CPU is spent compressing here.
  router.use(
    expressStaticGzip(webDir, {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: { index: false, setHeaders: cacheHeaders, fallthrough: true },
    }),
  );
  // Not for anything that looks like the API in any spelling: /API/v1/... is a 404, not the app.
  router.get(/^(?!\/api(\/|$)).*/i, (req, res, next) => {
    if (!existsSync(index)) {
      if (req.path !== '/') return next();
      res.status(200).type('html').setHeader('Cache-Control', 'no-cache').send(NOT_BUILT);
      return;
    }
    // A missing asset is a 404, not the app's HTML (which would confuse the browser and caches).
    if (/\.[a-z0-9]+$/i.test(req.path) && !req.path.endsWith('.html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
