import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkInvariants,
  awaitAllInSync,
  localMovements,
  openDevice,
  seedWorld,
  seconds,
  startServer,
  type Device,
  type World,
  stockEverything,
} from './harness';
import { recordRandom, rng } from './random-movements';

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 3, clerks: 3 });
  // Some stock to sell from.
  await stockEverything(world, 20);
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

describe('offline scanning', () => {
  it('queues 50 movements on each of 3 devices while the server is down, then every verdict arrives and all converge', async () => {
    for (const clerk of world.clerks) devices.push(await openDevice(world, clerk));
    await awaitAllInSync(devices);

    await world.server.stop();
    const random = rng(20261126);
    for (const device of devices) for (let i = 0; i < 50; i++) await recordRandom(device.replica, world, random);
    for (const device of devices) await expect.poll(() => device.replica.status().pending).toBe(50);

    const started = Date.now();
    await world.server.startAgain();
    await awaitAllInSync(devices);
    const converged = seconds(started);

    const report = await checkInvariants(world.admin, devices);
    for (const device of devices) {
      const mine = await localMovements(device.replica);
      expect(mine).toHaveLength(50);
      expect(mine.every((m) => m.verdict !== null)).toBe(true);
      await expect.poll(() => device.replica.status()).toMatchObject({ pending: 0, online: true, uploadError: null });
    }
    console.log(
      `offline scanning: 3 devices x 50 movements, converged ${converged} after restart; ledger ${report.ledgerSize} (${report.applied} applied, ${report.rejected} rejected)`,
    );
  });
});
