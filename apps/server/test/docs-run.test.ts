import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { Api } from '@stockline/test/support/api';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { startTestServer, type TestServer } from './support/harness';

/**
 * The README run as written, so it cannot drift from the product: its curl walk-through (the
 * shell block itself, with the address and password substituted) and the Operations table's
 * backup, restore, export and import commands (the command text of each row, with FILE
 * substituted), through npm, as an operator types them.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const run = promisify(execFile);
const dirs: string[] = [];
let t: TestServer | null = null;
afterAll(async () => {
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'stockline-docs-'));
  dirs.push(d);
  return d;
}

/** The first fenced block after a heading. */
function blockAfter(heading: string): string {
  const from = README.indexOf(heading);
  expect(from, heading).toBeGreaterThan(-1);
  const match = /```sh\n([\s\S]*?)```/.exec(README.slice(from));
  return match![1]!;
}

/** The command of the Operations table's row that starts with it, e.g. "npm run backup". */
function operationsCommand(start: string): string {
  const row = README.split('\n').find((line) => line.startsWith(`| \`${start}`));
  expect(row, start).toBeDefined();
  return /^\| `([^`]+)`/.exec(row!)![1]!;
}

function bash(script: string, env: Record<string, string>) {
  // INIT_CWD is npm's own: an outer npm (running this suite) must not say where these were typed.
  const { INIT_CWD: _outer, ...inherited } = process.env;
  return run('bash', ['-c', `set -eo pipefail\n${script}`], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  });
}

it("the README's curl walk-through, as written: the verdicts, the stock and the alert it promises", async () => {
  t = await startTestServer();
  const script = blockAfter('### Try it with curl')
    .replace('http://localhost:8080', t.url)
    .replace('<the printed password>', TEST_ADMIN_PASSWORD);
  const { stdout } = await bash(script, {});
  // The push's verdicts, in order: applied, applied, rejected insufficient_stock.
  const verdicts = [...stdout.matchAll(/"status":"(applied|rejected)"(?:,"reason":"(\w+)")?/g)].map(
    ([, status, reason]) => reason ?? status,
  );
  expect(verdicts.slice(0, 3)).toEqual(['applied', 'applied', 'insufficient_stock']);
  const [row] = (await t.admin.stockList()).items;
  expect(row).toMatchObject({ qty: 3, version: 2, threshold: 5 });
  expect((await t.admin.alerts('open')).items).toHaveLength(1);
}, 60_000);

it("the Operations table's backup, restore, export and import, as written: devices stay signed in, the site moves whole", async () => {
  const lost = await ServerProcess.start({ env: { JWT_SECRET: '' } });
  let restored: ServerProcess | null = null;
  try {
    const device = await Api.login(lost.url);
    await device.createWarehouse({ code: 'MAIN' });
    const work = folder();
    const backupFile = join(work, 'backup.db');
    const siteFile = join(work, 'site.jsonl');
    const backup = operationsCommand('npm run backup').replace('FILE', backupFile);
    const restore = operationsCommand('npm run restore').replace('FILE', backupFile);
    const exportSite = operationsCommand('npm run admin -- export').replace('FILE', siteFile);
    const importSite = operationsCommand('npm run admin -- import').replace('FILE', siteFile);

    // Typed in the repository, where npm finds the scripts.
    await bash(backup, { DATA_DIR: lost.dataDir, JWT_SECRET: '' });
    await lost.kill();
    const out = await bash(restore, { DATA_DIR: join(work, 'restored'), JWT_SECRET: '' });
    expect(out.stdout).toMatch(/devices stay signed in/);
    restored = await ServerProcess.start({ dataDir: join(work, 'restored'), env: { JWT_SECRET: '' } });
    expect((await new Api(restored.url, device.token).warehouses()).items.map((w) => w.code)).toEqual(['MAIN']);

    await bash(exportSite, { DATA_DIR: join(work, 'restored'), JWT_SECRET: '' });
    const moved = await bash(importSite, { DATA_DIR: join(work, 'moved'), JWT_SECRET: '' });
    expect(moved.stdout).toMatch(/every record and verdict as exported, stock == ledger/);
  } finally {
    await restored?.dispose();
    await lost.dispose();
  }
}, 180_000);
