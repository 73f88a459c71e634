import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkInvariants,
  localMovements,
  openDevice,
  seedWorld,
  seconds,
  startServer,
  type Device,
  type World,
} from './harness';
import { recordRandom, rng } from './random-movements';

const QUEUED = 5_000;

let world: World;
let device: Device | undefined;

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 3, clerks: 1 });
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

describe('catch-up', () => {
  it(`syncs a device that comes back with ${QUEUED} queued movements`, async () => {
    const [clerk] = world.clerks;
    // Production mode (no dev-mode checks): this is the path a device days offline takes.
    device = await openDevice(world, clerk!, { pushBatchSize: 200, devMode: false });
    await device.replica.awaitInSync();
    device.network.unplug();

    const recordStart = Date.now();
    const random = rng(5000);
    for (let i = 0; i < QUEUED; i++)
      await recordRandom(device.replica, world, random, i % 3 === 0 ? 'restock' : undefined);
    const recordTime = seconds(recordStart);
    await expect.poll(() => device!.replica.status().pending).toBe(QUEUED);

    const syncStart = Date.now();
    device.network.plugIn();
    await device.replica.awaitInSync(240_000);
    const syncTime = seconds(syncStart);

    const report = await checkInvariants(world.admin, [device]);
    const mine = await localMovements(device.replica);
    expect(mine).toHaveLength(QUEUED);
    expect(mine.every((m) => m.state !== 'pending' && m.verdict)).toBe(true);
    expect(report.ledgerSize).toBe(QUEUED);
    const pushes = device.network.requests.filter((r) => r === 'POST /api/v1/movements').length;
    console.log(
      `catch-up: ${QUEUED} movements recorded offline in ${recordTime}, synced in ${syncTime} ` +
        `(${pushes} push requests; ${report.applied} applied, ${report.rejected} rejected)`,
    );
  });
});
