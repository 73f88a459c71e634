import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awaitAllInSync,
  checkInvariants,
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

const SEED = Number(process.env.KILL_SEED ?? 9090);
const KILLS = 10;

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 2, clerks: 3 });
  await stockEverything(world, 50);
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('kill -9 mid-push', () => {
  it(`loses and duplicates nothing across ${KILLS} kills of the server (seed ${SEED})`, async () => {
    const random = rng(SEED);
    for (const clerk of world.clerks) devices.push(await openDevice(world, clerk, { pushBatchSize: 20 }));
    await awaitAllInSync(devices);
    const started = Date.now();
    let recorded = 0;
    let killedMidPush = 0;
    try {
      for (let k = 0; k < KILLS; k++) {
        // A burst on every device: pushes start at once, in batches of 20.
        await Promise.all(
          devices.map(async (d) => {
            for (let i = 0; i < 25; i++) await recordRandom(d.replica, world, random);
          }),
        );
        recorded += 75;
        // Wait until a push is on the wire, then kill at a random moment inside it.
        const deadline = Date.now() + 2_000;
        while (!devices.some((d) => d.network.pushesInFlight > 0) && Date.now() < deadline) await sleep(1);
        await sleep(Math.floor(random() * 15));
        if (devices.some((d) => d.network.pushesInFlight > 0)) killedMidPush++;
        await world.server.kill();
        // Scanning goes on while the server is down.
        for (const d of devices) for (let i = 0; i < 5; i++) await recordRandom(d.replica, world, random);
        recorded += 15;
        await world.server.startAgain();
      }
      await awaitAllInSync(devices, 120_000);
    } catch (error) {
      throw new Error(`kill -9 schedule failed with seed ${SEED} (rerun with KILL_SEED=${SEED}): ${String(error)}`, {
        cause: error,
      });
    }
    const converged = seconds(started);
    const report = await checkInvariants(world.admin, devices);
    let answered = 0;
    for (const d of devices) {
      const mine = await localMovements(d.replica);
      answered += mine.filter((m) => m.verdict).length;
    }
    expect(answered).toBe(recorded);
    expect(report.ledgerSize).toBe(recorded + world.warehouses.length * world.products.length);
    expect(killedMidPush).toBeGreaterThan(0);
    console.log(
      `kill -9: ${KILLS} kills (${killedMidPush} with a push on the wire), ${recorded} movements from 3 devices, ` +
        `${report.applied} applied / ${report.rejected} rejected, all answered, ledger = stock; ${converged} in all (seed ${SEED})`,
    );
  });
});
