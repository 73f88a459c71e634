import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QTY } from '@stockline/domain';
import { Api, movement } from '@stockline/test/support/api';
import { runOpsCommand } from '@stockline/test/support/ops-cli';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { BackupService } from '../src/services/backups';
import { readExport, readSite, siteDifferences } from '../src/services/store-transfer';
import { openStore } from '../src/store/index';
import { postgresMissing } from '../src/store/postgres/testing/availability';
import { freshSchemaUrl } from '../src/store/postgres/testing/schemas';
import { startTempCluster, type TempCluster } from '../src/store/postgres/testing/temp-cluster';
import type { Store } from '../src/store/core/port';
import { startTestServer, type TestServer } from './support/harness';

/**
 * The operator's store move, with the real commands: a site with every kind of state (bins and
 * the stock in them included) moves SQLite -> PostgreSQL -> SQLite and arrives whole; a move
 * that fails half-way leaves nothing.
 */

const missing = postgresMissing();
if (missing) console.warn(`[store move] skipped: ${missing}`);

const PASSWORD = 'pallet-jack-4821';
const ALL = { all: true } as const;

describe.skipIf(missing !== null)('admin export / import between SQLite and PostgreSQL', () => {
  let cluster: TempCluster;
  let source: TestServer;
  let schemas = 0;
  const dirs: string[] = [];
  const folder = () => {
    const d = mkdtempSync(join(tmpdir(), 'stockline-move-'));
    dirs.push(d);
    return d;
  };
  // DATA_DIR still holds the commands' audit log.
  const postgresEnv = async () => ({
    STORE: 'postgres',
    DATABASE_URL: await freshSchemaUrl(cluster.url, `move_${++schemas}`),
    DATA_DIR: folder(),
  });

  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
    source = await startTestServer();
    await buildSite(source);
  }, 90_000);
  afterAll(async () => {
    await source?.close();
    await cluster?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('SQLite -> PostgreSQL -> SQLite: every record, verdict and acknowledgement arrives; every active user signs in', async () => {
    const first = join(folder(), 'site.jsonl');
    const exported = await runOpsCommand('admin', ['export', '--out', first], { DATA_DIR: source.config.dataDir });
    expect(exported.code, exported.stderr).toBe(0);
    expect(statSync(first).mode & 0o777).toBe(0o600);

    // No JWT_SECRET: the commands sign no tokens, so the README's examples work as written.
    const postgres = await postgresEnv();
    const intoPostgres = await runOpsCommand('admin', ['import', first], postgres);
    expect(intoPostgres.code, intoPostgres.stderr).toBe(0);
    expect(intoPostgres.stdout).toMatch(/every record and verdict as exported, stock == ledger/);

    const second = join(folder(), 'site.jsonl');
    const fromPostgres = await runOpsCommand('admin', ['export', '--out', second], postgres);
    expect(fromPostgres.code, fromPostgres.stderr).toBe(0);
    const back = folder();
    const intoSqlite = await runOpsCommand('admin', ['import', second], { DATA_DIR: back });
    expect(intoSqlite.code, intoSqlite.stderr).toBe(0);

    expect(siteDifferences(await readExport(first), await readExport(second))).toEqual([]);
    const original = await readSite(source.store);
    expect(original.locations.map((l) => [l.code, l.archived])).toEqual([
      ['B-01', true],
      ['b-02', false],
    ]);
    expect(original.bins.map((b) => b.qty).sort()).toEqual([1, 2]);
    const moved = await openStore({ kind: 'sqlite', file: join(back, 'stockline.db') });
    try {
      expect(siteDifferences(original, await readSite(moved))).toEqual([]);
    } finally {
      await moved.close();
    }

    const target = await startTestServer({ DATA_DIR: back });
    try {
      for (const user of original.users) {
        const password = user.username === 'admin' ? TEST_ADMIN_PASSWORD : PASSWORD;
        const login = await new Api(target.url).request('POST', '/api/v1/auth/login', {
          username: user.username,
          password,
        });
        expect(login.status, `${user.username} (${user.active ? 'active' : 'deactivated'})`).toBe(
          user.active ? 200 : 401,
        );
      }
      // Archived stays archived: it takes no movement. A stored refusal replays as stored.
      const archivedWarehouse = original.warehouses.find((w) => w.archived)!;
      const product = original.products.find((p) => !p.archived)!;
      const [refused] = (
        await target.admin.push([
          movement({ type: 'restock', warehouseId: archivedWarehouse.id, productId: product.id, quantity: 1 }),
        ])
      ).results;
      expect(refused).toMatchObject({ status: 'rejected', reason: 'archived' });
      const stored = original.movements.find((m) => m.verdict.reason === 'archived')!;
      const { userId: _u, recordedAt: _r, verdict, ...input } = stored;
      expect((await target.admin.push([input])).results[0]).toEqual(verdict);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('the backup endpoint of a PostgreSQL store names pg_dump', async () => {
    const store = await openStore({ kind: 'postgres', url: (await postgresEnv()).DATABASE_URL });
    try {
      await expect(new BackupService(store).toTemporaryFile(new Date())).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/pg_dump/),
      });
    } finally {
      await store.close();
    }
  });

  it('an import that fails half-way leaves the target empty, and the same target then takes a good file', async () => {
    const good = join(folder(), 'site.jsonl');
    expect((await runOpsCommand('admin', ['export', '--out', good], { DATA_DIR: source.config.dataDir })).code).toBe(0);
    // A second product with the first one's barcode: users and warehouses are written before
    // the products clash.
    const lines = readFileSync(good, 'utf8').trim().split('\n');
    const productLine = lines.find((l) => JSON.parse(l).kind === 'product' && JSON.parse(l).product.barcode)!;
    const clash = JSON.parse(productLine);
    clash.product = { ...clash.product, id: '0badc0de-0000-4000-8000-000000000000', sku: 'CLASH-1' };
    const bad = join(folder(), 'clash.jsonl');
    writeFileSync(bad, [...lines, JSON.stringify(clash)].join('\n') + '\n');

    const targets: Record<string, string>[] = [await postgresEnv(), { DATA_DIR: folder() }];
    for (const env of targets) {
      const failed = await runOpsCommand('admin', ['import', bad], env);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/^nothing imported: /);
      const store = await openStore(
        env.DATABASE_URL
          ? { kind: 'postgres', url: env.DATABASE_URL }
          : { kind: 'sqlite', file: join(env.DATA_DIR!, 'stockline.db') },
      );
      try {
        expect(await isEmpty(store), `${store.kind} after the failed import`).toBe(true);
      } finally {
        await store.close();
      }
      const retried = await runOpsCommand('admin', ['import', good], env);
      expect(retried.code, retried.stderr).toBe(0);
    }
  }, 120_000);
});

async function isEmpty(store: Store): Promise<boolean> {
  const site = await readSite(store);
  return Object.values(site).every((records: unknown[]) => records.length === 0);
}

/**
 * Users of every role (one deactivated), archived warehouses and products, a unit, a barcode,
 * refusals of every kind, a stale count, thresholds, reorder quantities, an acknowledged and an
 * open alert, and review decisions.
 */
async function buildSite(t: TestServer): Promise<void> {
  const s = t.store;
  const now = () => new Date().toISOString();
  const [a, b, closing] = [
    await t.admin.createWarehouse({ location: 'Dock 4' }),
    await t.admin.createWarehouse(),
    await t.admin.createWarehouse(),
  ];
  const p = await t.admin.createProduct({ barcode: '4006381333931', description: 'Blue', category: 'Paint' });
  const q = await t.admin.createProduct();
  const retired = await t.admin.createProduct();
  await s.updateProduct({ id: p.id, patch: { unit: 'box of 12' }, now: now() });
  await t.admin.createUser({ username: 'manager-m', role: 'manager', warehouseIds: [a.id, b.id] });
  const clerk = await t.admin.createUser({ username: 'clerk-c', role: 'clerk', warehouseIds: [a.id] });
  const leaver = await t.admin.createUser({ username: 'clerk-gone', role: 'clerk', warehouseIds: [b.id] });
  await s.updateUser({ id: leaver.id, active: false });
  await t.admin.setThreshold(a.id, p.id, 4);
  await s.setReorderQty({ warehouseId: a.id, productId: p.id, reorderQty: 24, now: now() });
  await s.setStockSettings({ warehouseId: b.id, rows: [{ productId: q.id, threshold: 2, reorderQty: 6 }], now: now() });

  const admin = t.admin;
  const adminId = (await s.findUserByUsername('admin'))!.id;
  const first = await admin.push([
    movement({ type: 'restock', warehouseId: a.id, productId: p.id, quantity: 10 }),
    movement({ type: 'purchase', warehouseId: a.id, productId: p.id, quantity: 7 }),
    movement({ type: 'purchase', warehouseId: a.id, productId: p.id, quantity: 9 }),
    movement({ type: 'transfer', warehouseId: a.id, toWarehouseId: b.id, productId: p.id, quantity: 2 }),
    movement({ type: 'restock', warehouseId: b.id, productId: q.id, quantity: 5 }),
    movement({ type: 'restock', warehouseId: b.id, productId: q.id, quantity: MAX_QTY }),
    movement({ type: 'purchase', warehouseId: b.id, productId: 'c0ffee00-0000-4000-8000-000000000000', quantity: 1 }),
    movement({ type: 'purchase', warehouseId: 'c0ffee00-0000-4000-8000-000000000001', productId: q.id, quantity: 1 }),
    movement({ type: 'restock', warehouseId: closing.id, productId: retired.id, quantity: 3 }),
    movement({ type: 'restock', warehouseId: closing.id, productId: q.id, quantity: 1 }),
  ]);
  expect(first.results.map((v) => v.reason ?? v.status)).toEqual([
    'applied',
    'applied',
    'insufficient_stock',
    'applied',
    'applied',
    'over_capacity',
    'unknown_product',
    'unknown_warehouse',
    'applied',
    'applied',
  ]);
  // A count based on an old version while the row moved meanwhile: applied, flagged stale.
  await admin.push([movement({ type: 'restock', warehouseId: b.id, productId: q.id, quantity: 1 })]);
  const [stale] = (
    await admin.push([
      movement({ type: 'count', warehouseId: b.id, productId: q.id, countedQty: 3, expectedQty: 5, baseVersion: 1 }),
    ])
  ).results;
  expect(stale?.count?.stale).toBe(true);

  // Bins in B: stock put into a bin, moved bin to bin and counted by bin; one bin archived after.
  const bin = async (code: string, barcode?: string) => {
    const reply = await admin.request('POST', `/api/v1/warehouses/${b.id}/locations`, { code, barcode });
    expect(reply.status).toBe(201);
    return reply.body as { id: string };
  };
  const [shelf, spare] = [await bin('B-01', 'LOC-B01'), await bin('b-02')];
  const inBins = await admin.push([
    movement({ type: 'restock', warehouseId: b.id, productId: p.id, quantity: 4, locationId: shelf.id }),
    movement({
      type: 'transfer',
      warehouseId: b.id,
      toWarehouseId: b.id,
      productId: p.id,
      quantity: 3,
      locationId: shelf.id,
      toLocationId: spare.id,
    }),
    movement({
      type: 'count',
      warehouseId: b.id,
      productId: p.id,
      countedQty: 2,
      expectedQty: 3,
      locationId: spare.id,
    }),
  ]);
  expect(inBins.results.map((v) => v.status)).toEqual(['applied', 'applied', 'applied']);
  expect(
    (await admin.request('PATCH', `/api/v1/locations/${shelf.id}`, { name: 'Top shelf', archived: true })).status,
  ).toBe(200);

  await s.updateWarehouse({ id: closing.id, archived: true, now: now() });
  await s.updateProduct({ id: retired.id, patch: { archived: true }, now: now() });
  const late = await admin.push([
    movement({ type: 'purchase', warehouseId: closing.id, productId: q.id, quantity: 1 }),
    movement({ type: 'purchase', warehouseId: a.id, productId: retired.id, quantity: 1 }),
  ]);
  expect(late.results.map((v) => v.reason)).toEqual(['archived', 'archived']);
  const asClerk = await t.login(clerk.username);
  const [forbidden] = (
    await asClerk.push([movement({ type: 'restock', warehouseId: b.id, productId: q.id, quantity: 1 })])
  ).results;
  expect(forbidden?.reason).toBe('forbidden_warehouse');

  const [open] = (await admin.alerts('open')).items;
  expect(open).toBeDefined();
  await admin.ack(open!.id);
  await s.setThreshold({ warehouseId: b.id, productId: p.id, threshold: 50, now: now() });
  const review = await s.listReview({ scope: ALL, limit: 100 });
  expect(review.length).toBeGreaterThanOrEqual(3);
  await s.decideReview({
    movementId: review[0]!.movement.id,
    decision: 'accepted',
    userId: adminId,
    scope: ALL,
    now: now(),
  });
  await s.decideReview({
    movementId: review[1]!.movement.id,
    decision: 'recount',
    userId: adminId,
    scope: ALL,
    now: now(),
  });
}
