import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkInvariants,
  openDevice,
  seedWorld,
  startServer,
  type Device,
  type World,
  restock,
  stockEverything,
} from './harness';
import { recordRandom, rng } from './random-movements';

/**
 * I4 from live events alone. The other convergence checks call awaitInSync, which forces a
 * resync, so a lost or ignored event would go unnoticed there. Here nothing is forced: devices
 * stay connected (the test counts connects), record movements while the admin changes stock,
 * thresholds and the catalogue behind their backs, and the only thing that may bring those
 * changes to a device is the server's live events ringing its pulls.
 */

const SEED = Number(process.env.SYNC_SEED ?? Date.now() % 2 ** 31);
let world: World;
const devices: Device[] = [];
let connects = 0;

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 2, clerks: 3 });
  await stockEverything(world, 20);
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

/** The invariant report once it holds, or the first violation's message. */
async function invariantsNow(): Promise<string> {
  try {
    await checkInvariants(world.admin, devices);
    return 'hold';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('live convergence', () => {
  it(`converges on live events alone, without a forced resync (SYNC_SEED=${SEED})`, async () => {
    console.log(`[live-convergence] SYNC_SEED=${SEED}`);
    const countingIo = (url: string, options: Partial<ManagerOptions & SocketOptions>) => {
      const socket = io(url, options);
      socket.on('connect', () => connects++);
      return socket;
    };
    for (const clerk of world.clerks) devices.push(await openDevice(world, clerk, { io: countingIo }));
    // The first sync comes from each socket's own first connect.
    for (const d of devices)
      await expect.poll(() => d.replica.status().initialSyncDone, { timeout: 60_000 }).toBe(true);
    expect(connects).toBe(devices.length);

    const random = rng(SEED);
    const [w0, w1] = world.warehouses;
    const [p0] = world.products;
    if (!w0 || !w1 || !p0) throw new Error('seed');
    for (let round = 0; round < 8; round++) {
      const recorded: Array<Promise<void>> = [];
      for (const d of devices)
        for (let i = 0; i < 1 + Math.floor(random() * 3); i++) recorded.push(recordRandom(d.replica, world, random));
      // Changes no device asked for: they reach devices only through events.
      const writes: Array<Promise<unknown>> = [
        world.admin.push([restock(random() < 0.5 ? w0.id : w1.id, p0.id, 1 + Math.floor(random() * 5))]),
        world.admin.setThreshold(w0.id, p0.id, Math.floor(random() * 30)),
      ];
      if (round % 3 === 0)
        writes.push(
          world.admin
            .createProduct({ barcode: `LC${crypto.randomUUID().slice(0, 12)}` })
            .then((p) => world.products.push(p)),
        );
      await Promise.all([...recorded, ...writes]);
    }

    await expect.poll(invariantsNow, { timeout: 60_000, interval: 250 }).toBe('hold');
    // No socket dropped and came back: a reconnect would have resynced and hidden a missed event.
    expect(connects).toBe(devices.length);
  });
});
