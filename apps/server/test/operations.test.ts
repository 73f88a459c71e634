import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { Api, movement } from '@stockline/test/support/api';
import { runOpsCommand } from '@stockline/test/support/ops-cli';
import { ServerProcess, TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { BackupService, scheduledName } from '../src/services/backups';
import { openStore } from '../src/store/index';
import { inspectFile } from '../src/store/sqlite/inspect';
import { openSocket, startTestServer, type TestServer } from './support/harness';
import { SOCKET_USER_RECHECK_MS } from '../src/realtime/user-recheck';

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
  const run = await runOpsCommand('admin', ['reset-password', 'admin', '--password', 'brand-new-password'], {
    DATA_DIR: t.config.dataDir,
  });
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/password of "admin" set/);
  await expect(Api.login(t.url, 'admin', 'brand-new-password')).resolves.toBeTruthy();
  await expect(Api.login(t.url, 'admin', TEST_ADMIN_PASSWORD)).rejects.toThrow();
  // Tokens issued before the reset stop working at once.
  expect((await t.admin.request('GET', '/api/v1/warehouses')).status).toBe(401);
  const audit = readFileSync(join(t.config.dataDir, 'admin-audit.log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(audit).toEqual([expect.objectContaining({ action: 'reset-password', username: 'admin', role: 'admin' })]);
});

it("reset-password from the command line ends the user's live sockets too, within the recheck bound; others keep theirs", async () => {
  t = await startTestServer();
  const w = await t.admin.createWarehouse();
  await t.admin.createUser({ username: 'clerk-live', role: 'clerk', warehouseIds: [w.id] });
  const clerk = await t.login('clerk-live');
  const socket = await openSocket(t.url, { token: clerk.token });
  const bystander = await openSocket(t.url, { token: t.admin.token });
  try {
    const dropped = new Promise<{ reason: string; afterMs: number }>((resolve) => {
      let committedAt = 0;
      socket.once('disconnect', (reason) => resolve({ reason, afterMs: committedAt ? Date.now() - committedAt : -1 }));
      void runOpsCommand('admin', ['reset-password', 'clerk-live', '--password', 'brand-new-password'], {
        DATA_DIR: t!.config.dataDir,
      }).then((run) => {
        expect(run.code, run.stderr).toBe(0);
        committedAt = Date.now();
      });
    });
    const { reason, afterMs } = await dropped;
    expect(reason).toBe('io server disconnect');
    // The command exits after its commit; the drop comes within one recheck (and a loaded machine's slack).
    expect(afterMs).toBeLessThan(SOCKET_USER_RECHECK_MS + 3_000);
    // Its reconnect with the old token is refused; someone else's socket stayed.
    await expect(openSocket(t.url, { token: clerk.token })).rejects.toThrow('unauthorized');
    expect(bystander.connected).toBe(true);
  } finally {
    socket.close();
    bystander.close();
  }
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
  const first = await runOpsCommand(
    'admin',
    ['create-admin', '--username', 'rescue', '--password', 'rescue-password-1'],
    { DATA_DIR: dataDir },
  );
  expect(first.code, first.stderr).toBe(0);
  const again = await runOpsCommand('admin', ['create-admin', '--username', 'rescue'], { DATA_DIR: dataDir });
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/exists already/);
  const store = await openStore({ kind: 'sqlite', file: join(dataDir, 'stockline.db') });
  expect((await store.findUserByUsername('rescue'))?.role).toBe('admin');
  await store.close();
  expect(readFileSync(join(dataDir, 'admin-audit.log'), 'utf8')).toMatch(
    /"action":"create-admin".*"username":"rescue"/,
  );
});

it('the commands log at LOG_LEVEL, say what is wrong with a short password, and read a relative DATA_DIR where file arguments are read', async () => {
  const typedIn = folder();
  // npm runs the command from the repository root and names the operator's directory in INIT_CWD.
  const env = { DATA_DIR: 'site-data', INIT_CWD: typedIn };
  const quiet = await runOpsCommand(
    'admin',
    ['create-admin', '--username', 'rescue', '--password', 'rescue-password-1'],
    { ...env, LOG_LEVEL: 'warn' },
  );
  expect(quiet.code, quiet.stderr).toBe(0);
  expect(quiet.stdout.trim()).toBe('password of "rescue" set');
  expect(existsSync(join(typedIn, 'site-data', 'stockline.db'))).toBe(true);
  const exported = await runOpsCommand('admin', ['export', '--out', 'site.jsonl'], { ...env, LOG_LEVEL: 'info' });
  expect(exported.code, exported.stderr).toBe(0);
  expect(existsSync(join(typedIn, 'site.jsonl'))).toBe(true);
  expect(exported.stdout).toMatch(/"msg":"admin command: export"/);
  const short = await runOpsCommand('admin', ['reset-password', 'rescue', '--password', 'short-1'], env);
  expect(short.code).toBe(1);
  expect(short.stderr.trim()).toBe('the password must be at least 10 characters');
});

it('a restore into an empty DATA_DIR keeps every device signed in: the backup carries the JWT secret and restore puts it back', async () => {
  const lost = await ServerProcess.start({ env: { JWT_SECRET: '' } });
  const fresh = folder();
  let restoredServer: ServerProcess | null = null;
  try {
    const device = await Api.login(lost.url);
    const file = join(folder(), 'backup.db');
    const backup = await runOpsCommand('backup', ['--out', file], { DATA_DIR: lost.dataDir, JWT_SECRET: '' });
    expect(backup.code, backup.stderr).toBe(0);
    await lost.kill();

    const restored = await runOpsCommand('restore', [file], { DATA_DIR: fresh, JWT_SECRET: '' });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/JWT secret restored to DATA_DIR\/jwt-secret: devices stay signed in/);
    const secret = readFileSync(join(lost.dataDir, 'jwt-secret'), 'utf8');
    expect(readFileSync(join(fresh, 'jwt-secret'), 'utf8')).toBe(secret);
    expect(statSync(join(fresh, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(
      readFileSync(join(fresh, 'stockline.db')).includes(secret),
      'the secret is not left in the restored store',
    ).toBe(false);

    restoredServer = await ServerProcess.start({ dataDir: fresh, env: { JWT_SECRET: '' } });
    const sameDevice = new Api(restoredServer.url, device.token);
    expect((await sameDevice.request('GET', '/api/v1/warehouses')).status).toBe(200);
  } finally {
    await restoredServer?.dispose();
    await lost.dispose();
  }
}, 90_000);

it('POST /admin/backup streams a checked copy to an admin while movements go on; others get 403', async () => {
  t = await startTestServer();
  const w = await t.admin.createWarehouse();
  const p = await t.admin.createProduct();
  const pushes = Promise.all(
    Array.from({ length: 20 }, () =>
      t!.admin.push([movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1 })]),
    ),
  );
  const res = await fetch(`${t.url}/api/v1/admin/backup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.admin.token}` },
  });
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

it('every backup (scheduled, for the admin download, from the command line) is readable by its owner only', async () => {
  t = await startTestServer();
  // A permissive umask, as a service manager may set: the mode must not depend on it.
  const umask = process.umask(0o002);
  try {
    const dir = folder();
    const backups = new BackupService(t.store);
    const { report } = await backups.scheduled(dir, 2, new Date('2026-11-27T01:00:00Z'));
    const download = await backups.toTemporaryFile(new Date());
    const modes = {
      scheduled: statSync(report.file).mode & 0o777,
      download: statSync(download.report.file).mode & 0o777,
    };
    download.discard();
    const cliFile = join(folder(), 'by-hand.db');
    const cli = await runOpsCommand('backup', ['--out', cliFile], { DATA_DIR: t.config.dataDir });
    expect(cli.code, cli.stderr).toBe(0);
    expect({ ...modes, cli: statSync(cliFile).mode & 0o777 }).toEqual({
      scheduled: 0o600,
      download: 0o600,
      cli: 0o600,
    });
  } finally {
    process.umask(umask);
  }
});

it('export then import into an empty store: the same users, catalog, verdicts and quantities, stock == ledger', async () => {
  t = await startTestServer();
  const [a, b] = [await t.admin.createWarehouse(), await t.admin.createWarehouse({ location: 'Dock 4' })];
  const p = await t.admin.createProduct({ barcode: '4006381333931', description: 'Blue' });
  const q = await t.admin.createProduct();
  await t.admin.createUser({ username: 'clerk-y', role: 'clerk', warehouseIds: [a.id] });
  await t.admin.setThreshold(a.id, p.id, 4);
  const pushed = await t.admin.push([
    movement({ type: 'restock', warehouseId: a.id, productId: p.id, quantity: 10 }),
    movement({ type: 'purchase', warehouseId: a.id, productId: p.id, quantity: 7 }),
    movement({ type: 'purchase', warehouseId: a.id, productId: p.id, quantity: 9 }),
    movement({ type: 'transfer', warehouseId: a.id, toWarehouseId: b.id, productId: p.id, quantity: 2 }),
    movement({ type: 'restock', warehouseId: b.id, productId: q.id, quantity: 5 }),
    movement({ type: 'count', warehouseId: b.id, productId: q.id, countedQty: 3, expectedQty: 5, baseVersion: 1 }),
    movement({ type: 'purchase', warehouseId: b.id, productId: 'c0ffee00-0000-4000-8000-000000000000', quantity: 1 }),
  ]);
  expect(pushed.results.map((v) => v.status)).toEqual([
    'applied',
    'applied',
    'rejected',
    'applied',
    'applied',
    'applied',
    'rejected',
  ]);

  const file = join(folder(), 'site.jsonl');
  const exported = await runOpsCommand('admin', ['export', '--out', file], { DATA_DIR: t.config.dataDir });
  expect(exported.code, exported.stderr).toBe(0);
  const target = folder();
  const imported = await runOpsCommand('admin', ['import', file], { DATA_DIR: target });
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toMatch(/"users":2,"warehouses":2,"products":2,"rows":\d+,"movements":7,/);
  expect(imported.stdout).toMatch(/"locations":0,"bins":0\}/);

  const copy = await openStore({ kind: 'sqlite', file: join(target, 'stockline.db') });
  try {
    const rows = async (s: typeof copy) =>
      (await s.listStock({ scope: { all: true } })).map((r) => [r.warehouseId, r.productId, r.qty, r.threshold]).sort();
    expect(await rows(copy)).toEqual(await rows(t.store));
    const verdicts = async (s: typeof copy) =>
      (await s.listMovements({ scope: { all: true }, limit: 100 })).items
        .map((m) => [m.id, m.verdict.status, m.verdict.reason ?? null])
        .sort();
    expect(await verdicts(copy)).toEqual(await verdicts(t.store));
    expect((await copy.findUserByUsername('clerk-y'))?.warehouseIds).toEqual([a.id]);
    expect((await copy.getProduct(p.id))?.barcode).toBe('4006381333931');
    expect((await copy.getWarehouse(b.id))?.location).toBe('Dock 4');
    expect(await copy.epoch()).not.toBe(await t.store.epoch());
  } finally {
    await copy.close();
  }
  const again = await runOpsCommand('admin', ['import', file], { DATA_DIR: target });
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/not empty/);
});
