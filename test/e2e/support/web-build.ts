import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const SCANNER_DIR = join(ROOT, 'apps/scanner');
export const WEB_DIR = join(SCANNER_DIR, 'dist');

/** What the web build is made from: a change in any of these makes dist stale. */
const INPUTS = [
  'apps/scanner/src',
  'apps/scanner/public',
  'apps/scanner/build',
  'apps/scanner/index.html',
  'apps/scanner/vite.config.ts',
  'packages/replica/src',
  'packages/protocol/src',
  'packages/domain/src',
].map((p) => join(ROOT, p));

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

/** Builds the scanner web app unless dist is newer than every input. The service worker is written last. */
export function ensureWebBuild(): void {
  const marker = join(WEB_DIR, 'sw.js');
  const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  const stale = INPUTS.some((p) => newestMtime(p) > builtAt);
  if (!stale) return;
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  // A production build whatever the test runner's NODE_ENV: Vite would otherwise build a dev bundle.
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: SCANNER_DIR,
    encoding: 'utf8',
    timeout: 170_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`scanner web build failed:\n${result.stdout}\n${result.stderr}`);
}
