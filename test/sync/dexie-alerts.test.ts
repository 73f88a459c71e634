import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { login, type Replica } from '@stockline/replica';
import type { Alert } from '@stockline/protocol';
import { Api } from '../support/api';
import {
  awaitAllInSync,
  checkInvariants,
  localMovements,
  openDevice,
  seedWorld,
  startServer,
  type Clerk,
  type Device,
  type World,
} from './harness';

/**
 * The browser path: a manager's device on Dexie over (fake) IndexedDB, beside a clerk on the
 * memory storage. Alerts arrive live and once, acknowledgements made offline are pushed later,
 * the outbox survives an app restart on IndexedDB, and pruning never reaches the server.
 */
const dexie = () => getRxStorageDexie({ indexedDB, IDBKeyRange });

let world: World;
let manager: Clerk;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 1, clerks: 1 });
  const username = `manager-${crypto.randomUUID().slice(0, 8)}`;
  await world.admin.createUser({
    username,
    password: 'pallet-jack-4821',
    role: 'manager',
    warehouseIds: world.warehouses.map((w) => w.id),
  });
  const session = await login(world.server.url, username, 'pallet-jack-4821');
  manager = { user: session.user, username, password: 'pallet-jack-4821', token: session.token };
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

function nextAlert(replica: Replica): Promise<Alert> {
  return firstValueFrom(replica.newAlerts$);
}

describe('Dexie + fake-indexeddb', () => {
  it('carries alerts, offline acknowledgements, restarts and pruning on IndexedDB', async () => {
    const [w1, w2] = world.warehouses;
    const [p] = world.products;
    if (!w1 || !w2 || !p) throw new Error('seed');
    const managerDeviceId = `manager-device-${crypto.randomUUID()}`;
    let boss = await openDevice(world, manager, { storage: dexie(), deviceId: managerDeviceId });
    const clerk = await openDevice(world, world.clerks[0]!);
    devices.push(clerk);
    await awaitAllInSync([boss, clerk]);
    expect(boss.replica.status().initialSyncDone).toBe(true);
    expect(boss.replica.status().initialSyncProgress).toBe(1);

    // The manager stocks 10 and sets a threshold of 5; the clerk's sales cross it.
    await boss.replica.restock({ warehouseId: w1.id, productId: p.id, quantity: 10 });
    await boss.replica.awaitInSync();
    // Thresholds are set online (not a replica command): the manager's own token, over HTTP.
    const row = await new Api(world.server.url, manager.token).setThreshold(w1.id, p.id, 5);
    expect(row).toMatchObject({ threshold: 5, qty: 10 });
    const raised = nextAlert(boss.replica);
    await clerk.replica.purchase({ warehouseId: w1.id, productId: p.id, quantity: 6 });
    const alert = await raised;
    expect(alert).toMatchObject({ warehouseId: w1.id, productId: p.id, status: 'open', qty: 4, threshold: 5 });
    await expect.poll(async () => (await firstValueFrom(boss.replica.lowStock$(w1.id))).length).toBe(1);

    // Acknowledged with no network: kept locally, pushed when the device is back.
    boss.network.unplug();
    await boss.replica.acknowledge(alert.id);
    const [local] = await firstValueFrom(boss.replica.alerts$({ status: 'acknowledged' }));
    expect(local).toMatchObject({ id: alert.id, acknowledgedBy: manager.user.id });
    expect((await world.admin.alerts('open')).items.map((a) => a.id)).toContain(alert.id);

    // Offline scans, then the app restarts on the same IndexedDB database.
    const queued = [
      await boss.replica.transfer({ warehouseId: w1.id, toWarehouseId: w2.id, productId: p.id, quantity: 2 }),
      await boss.replica.count({ warehouseId: w2.id, productId: p.id, countedQty: 1 }),
    ].map((m) => m.id);
    const [w1Shown] = (await firstValueFrom(boss.replica.availability$(p.id))).filter((a) => a.warehouseId === w1.id);
    expect(w1Shown).toMatchObject({ serverQty: 4, pendingDelta: -2, available: 2, pending: true });
    await boss.replica.close();
    boss = await openDevice(world, manager, { storage: dexie(), deviceId: managerDeviceId });
    devices.push(boss);
    // Both queued movements are still on the device after the restart (the reopened replica may
    // already be sending them, so their state is not asserted here; the ledger check below is).
    expect(
      (await localMovements(boss.replica))
        .map((m) => m.id)
        .filter((id) => queued.includes(id))
        .sort(),
    ).toEqual([...queued].sort());
    // Reopening must not replay old alerts as new pop-ups.
    const replayed: Alert[] = [];
    const watch = boss.replica.newAlerts$.subscribe((a) => replayed.push(a));

    await awaitAllInSync([boss, clerk]);
    const server = (await world.admin.alerts()).items.find((a) => a.id === alert.id);
    expect(server).toMatchObject({ status: 'acknowledged', acknowledgedBy: manager.user.id });
    const mine = await localMovements(boss.replica);
    expect(mine.filter((m) => m.state === 'applied')).toHaveLength(3);
    await checkInvariants(world.admin, [boss, clerk]);
    watch.unsubscribe();
    expect(replayed).toEqual([]);

    // Pruning answered movements deletes them on the device only: nothing is sent.
    const sentBefore = boss.network.requests.filter((r) => !r.startsWith('GET')).length;
    const pruned = await boss.replica.pruneAnswered(new Date(Date.now() + 60_000));
    expect(pruned).toBe(3);
    expect(await localMovements(boss.replica)).toEqual([]);
    await boss.replica.awaitInSync();
    expect(boss.network.requests.filter((r) => !r.startsWith('GET')).length).toBe(sentBefore);
    const ledger = await world.admin.request<{ items: unknown[] }>(
      'GET',
      `/api/v1/movements?warehouseId=${w1.id}&limit=500`,
    );
    expect(ledger.body.items.length).toBeGreaterThanOrEqual(3);
    console.log(
      'dexie: alerts live + offline ack, restart on IndexedDB with 2 queued movements, prune of 3 answered movements sent nothing',
    );
  });
});
