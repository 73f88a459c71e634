import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { Api, movement } from '../../../test/support/api';
import { runOpsCommand } from '../../../test/support/ops-cli';
import { TEST_ADMIN_PASSWORD } from '../../../test/support/server-process';
import { BackupService, scheduledName } from '../src/services/backups';
import { openStore } from '../src/store/index';
import { inspectFile } from '../src/store/sqlite/inspect';
import { startTestServer, type TestServer } from './support/harness';

let t: TestServer | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function folder(): string {
  const d = mkdtempSync(join(tmpdir(), 'stockline-ops-'));
  dirs.push(d);
  return d;
}

it('reset-password on a running server: the new password works at once, the old one does not, and it is logged', async () => {
  t = await startTestServer();
  const run = await runOpsCommand('admin', ['reset-password', 'admin', '--password', 'brand-new-password'], { DATA_DIR: t.config.dataDir });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/password of "admin" set/);
  await expect(Api.login(t.url, 'admin', 'brand-new-password')).resolves.toBeTruthy();
  await expect(Api.login(t.url, 'admin', TEST_ADMIN_PASSWORD)).rejects.toThrow();
  const audit = readFileSync(join(t.config.dataDir, 'admin-audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(audit).toEqual([expect.objectContaining({ action: 'reset-password', username: 'admin', role: 'admin' })]);
});

it('reset-password without --password prints a generated one that signs in; an unknown user is refused', async () => {
  t = await startTestServer();
  const run = await runOpsCommand('admin', ['reset-password', 'admin'], { DATA_DIR: t.config.dataDir });
  expect(run.code, run.stderr).toBe(0);
  const password = /\(shown once\): (\S+)/.exec(run.stdout)?.[1];
  expect(password).toBeTruthy();
  await expect(Api.login(t.url, 'admin', password)).resolves.toBeTruthy();
  const unknown = await runOpsCommand('admin', ['reset-password', 'nobody'], { DATA_DIR: t.config.dataDir });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr.trim()).toBe('no user "nobody"');
});

it('create-admin on a stopped store makes an admin who can sign in once the server starts; a taken name is refused', async () => {
  const dataDir = folder();
  const first = await runOpsCommand('admin', ['create-admin', '--username', 'rescue', '--password', 'rescue-password-1'], { DATA_DIR: dataDir });
  expect(first.code, first.stderr).toBe(0);
  const again = await runOpsCommand('admin', ['create-admin', '--username', 'rescue'], { DATA_DIR: dataDir });
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/exists already/);
  const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'stockline.db') });
  expect((await store.findUserByUsername('rescue'))?.role).toBe('admin');
  await store.close();
  expect(readFileSync(join(dataDir, 'admin-audit.log'), 'utf8')).toMatch(/"action":"create-admin".*"username":"rescue"/);
});

it('POST /admin/backup streams a checked copy to an admin while movements go on; others get 403', async () => {
  t = await startTestServer();
  const w = await t.admin.createWarehouse();
  const p = await t.admin.createProduct();
  const pushes = Promise.all(
    Array.from({ length: 20 }, () => t!.admin.push([movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1 })])),
  );
  const res = await fetch(`${t.url}/api/v1/admin/backup`, { method: 'POST', headers: { authorization: `Bearer ${t.admin.token}` } });
  await pushes;
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?stockline-\d{8}T\d{6}Z\.db"?$/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  const file = join(folder(), 'downloaded.db');
  writeFileSync(file, bytes);
  expect(inspectFile(file)).toMatchObject({ integrity: 'ok', ledgerMismatches: [], epoch: await t.store.epoch() });

  await t.admin.createUser({ username: 'clerk-x', role: 'clerk', warehouseIds: [w.id] });
  const clerk = await t.login('clerk-x');
  const refused = await clerk.request('POST', '/api/v1/admin/backup');
  expect(refused.status).toBe(403);
});

it('scheduled backups keep the newest BACKUP_KEEP checked copies', async () => {
  t = await startTestServer();
  const dir = folder();
  const backups = new BackupService(t.store);
  const times = ['2026-11-27T01:00:00Z', '2026-11-27T02:00:00Z', '2026-11-27T03:00:00Z'].map((s) => new Date(s));
  for (const at of times) {
    const { report } = await backups.scheduled(dir, 2, at);
    expect(report.integrity).toBe('ok');
  }
  expect(readdirSync(dir).sort()).toEqual([scheduledName(times[1]!), scheduledName(times[2]!)]);
  expect(existsSync(join(dir, scheduledName(times[0]!)))).toBe(false);
});
