import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReviewList, Verdict } from '@stockline/protocol';
import { Api } from '../support/api';
import { runOpsCommand } from '../support/ops-cli';
import { ServerProcess } from '../support/server-process';
import { checkInvariants, convergeAndCheck, ledger, localMovements, openDevice, SERVER_ENV, seedWorld, type Device, type World } from './harness';
import { recordRandom, rng } from './random-movements';

/** What a device shows of a verdict: applied, or refused and why. */
function verdictText(v: Verdict): string {
  return v.status === 'applied' ? 'applied' : `rejected:${v.reason ?? ''}`;
}

const SEED = Number(process.env.RESTORE_SEED ?? 20261127);
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

const folders: string[] = [];
const servers: ServerProcess[] = [];
const devices: Device[] = [];
afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  for (const s of servers) await s.dispose();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function folder(): string {
  const f = mkdtempSync(join(tmpdir(), 'stockline-restore-'));
  folders.push(f);
  return f;
}

/**
 * The operator's whole story: a backup taken while devices push, more work after it, the
 * server lost, the backup restored into an empty DATA_DIR and served at the same address. The
 * devices see the new store epoch, pull from the start and push again what the restored store
 * does not know, each with the verdict it holds; in the end every movement any device recorded
 * has a verdict on the server, stock == ledger, devices equal the server, and no verdict a device
 * held changed, except applications the restored stock could not take: `restore_conflict`, each
 * on the review list.
 */
describe('backup under load, restore, reconnect', () => {
  it(`loses no movement that a device recorded after the backup and changes no verdict it held (seed ${SEED})`, async () => {
    const random = rng(SEED);
    const first = await ServerProcess.start({ env: SERVER_ENV });
    servers.push(first);
    const world: World = await seedWorld(first, { warehouses: 2, products: 2, clerks: 2 });
    for (const w of world.warehouses) {
      for (const p of world.products) {
        await world.admin.push([{ id: crypto.randomUUID(), occurredAt: new Date().toISOString(), type: 'restock', warehouseId: w.id, productId: p.id, quantity: 30 }]);
      }
    }
    for (const clerk of world.clerks) devices.push(await openDevice(world, clerk, { pushBatchSize: 10 }));
    for (const d of devices) for (let i = 0; i < 10; i++) await recordRandom(d.replica, world, random);
    await convergeAndCheck(world.admin, devices);

    // Under load: devices keep recording (and pushing) while the backup command copies the file
    // from its own process, without stopping the server.
    let loading = true;
    const load = Promise.all(
      devices.map(async (d) => {
        while (loading) {
          await recordRandom(d.replica, world, random);
          await new Promise((r) => setTimeout(r, 5));
        }
      }),
    );
    const backupFile = join(folder(), 'stockline-backup.db');
    const backup = await runOpsCommand('backup', ['--out', backupFile], { DATA_DIR: first.dataDir });
    loading = false;
    await load;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/integrity ok/);

    // After the backup: more movements answered by the old store, then some only queued.
    for (const d of devices) for (let i = 0; i < 15; i++) await recordRandom(d.replica, world, random);
    await convergeAndCheck(world.admin, devices);
    const before = await ledger(world.admin);
    // The verdicts the devices show now: a restore must not change any of them silently.
    const held = new Map<string, string>();
    for (const d of devices) for (const m of await localMovements(d.replica)) if (m.verdict) held.set(m.id, verdictText(m.verdict));
    for (const d of devices) d.network.unplug();
    for (const d of devices) for (let i = 0; i < 5; i++) await recordRandom(d.replica, world, random);

    // The machine is lost; the drain on SIGTERM still ends the process cleanly.
    expect(await first.stop()).toBe(0);

    // A restore never overwrites a store, live or not.
    const refused = await runOpsCommand('restore', [backupFile], { DATA_DIR: first.dataDir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/exists: restore only into an empty DATA_DIR/);

    const restoredDir = folder();
    const restore = await runOpsCommand('restore', [backupFile], { DATA_DIR: restoredDir });
    expect(restore.code, restore.stderr).toBe(0);
    expect(existsSync(join(restoredDir, 'stockline.db'))).toBe(true);

    const second = await ServerProcess.start({ dataDir: restoredDir, port: first.port, env: { ...SERVER_ENV, JWT_SECRET } });
    servers.push(second);
    const admin = await Api.login(second.url);
    const restoredLedger = await ledger(admin);
    const lost = before.filter((m) => !restoredLedger.some((r) => r.id === m.id));
    // The scenario is only worth something if the backup really is behind the devices.
    expect(lost.length, 'movements answered after the backup').toBeGreaterThan(0);
    expect((await checkInvariants(admin, [])).rows).toBeGreaterThan(0);

    for (const d of devices) d.network.plugIn();
    const restoredWorld = { ...world, server: second, admin };
    await convergeAndCheck(admin, devices, 4);

    const after = await ledger(admin);
    const known = new Set(after.map((m) => m.id));
    let recorded = 0;
    for (const d of devices) {
      for (const m of await localMovements(d.replica)) {
        recorded++;
        expect(known.has(m.id), `movement ${m.id} recorded on ${d.deviceId}`).toBe(true);
      }
    }
    for (const m of lost) expect(known.has(m.id), `lost movement ${m.id} pushed again`).toBe(true);
    const report = await checkInvariants(restoredWorld.admin, devices);

    // Every verdict a device held before the loss is the one it holds now, except a movement the
    // restored stock could not take: that one reads `restore_conflict` and waits on the review list.
    const review = await admin.request<ReviewList>('GET', '/api/v1/review');
    expect(review.status).toBe(200);
    const flagged = new Set(review.body.items.filter((i) => i.kind === 'restore_conflict').map((i) => i.movement.id));
    const flips: string[] = [];
    let conflicts = 0;
    for (const d of devices) {
      for (const m of await localMovements(d.replica)) {
        const was = held.get(m.id);
        if (was === undefined || !m.verdict) continue;
        if (m.verdict.reason === 'restore_conflict') {
          conflicts++;
          expect(flagged.has(m.id), `conflict ${m.id} on the review list`).toBe(true);
        } else if (verdictText(m.verdict) !== was) {
          flips.push(`${m.id}: ${was} -> ${verdictText(m.verdict)}`);
        }
      }
    }
    expect(flips, 'verdicts a device held that changed across the restore').toEqual([]);
    console.log(
      `[backup-restore] seed ${SEED}: ${recorded} movements on devices, ${before.length} in the ledger before, ` +
        `${restoredLedger.length} after restore, ${lost.length} pushed again, ${report.ledgerSize} in the end, ` +
        `${held.size} verdicts held, 0 changed, ${conflicts} flagged restore_conflict; ${backup.stdout.trim()}`,
    );
  });
});
