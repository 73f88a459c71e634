import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import {
  convergeAndCheck,
  openDevice,
  seedWorld,
  seconds,
  startServer,
  type Device,
  type World,
  stockEverything,
} from './harness';
import { recordRandom, rng } from './random-movements';

/**
 * Random schedules: movements on 3 devices, devices losing and regaining the network, apps
 * restarting, and the server killed with -9 and started again. At the end every device is
 * online and idle, I1-I5 hold and all devices equal the server (I4).
 */

const CI = process.env.CI === 'true';
const RUNS = Number(process.env.SYNC_RUNS ?? (CI ? 100 : 12));
const SEED = Number(process.env.SYNC_SEED ?? Date.now() % 2 ** 31);

type Step =
  | { kind: 'record'; device: number; count: number; seed: number }
  | { kind: 'unplug'; device: number }
  | { kind: 'plugIn'; device: number }
  | { kind: 'reopen'; device: number }
  | { kind: 'pause'; ms: number };

interface Schedule {
  steps: Step[];
  /** Index of the step after which the server is killed -9 and started again, if any. */
  restartAfter: number | null;
}

const device = fc.integer({ min: 0, max: 2 });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      device,
      count: fc.integer({ min: 1, max: 6 }),
      seed: fc.integer(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unplug' as const), device }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('plugIn' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), device }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 40 }) }) },
);
const schedule: fc.Arbitrary<Schedule> = fc.array(step, { minLength: 3, maxLength: 14 }).chain((steps) =>
  fc.record({
    steps: fc.constant(steps),
    // About one run in twelve restarts the server (each restart costs seconds; kill-nine.test.ts
    // does ten in a row).
    restartAfter: fc.oneof(
      { weight: 11, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: steps.length - 1 }) },
    ),
  }),
);

let world: World;
const phase = { open: 0, steps: 0, close: 0 };
const totals = {
  rounds: 0,
  runs: 0,
  movements: 0,
  restarts: 0,
  reopens: 0,
  unplugs: 0,
  convergeMs: 0,
  maxConvergeMs: 0,
};

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 2, clerks: 3 });
  await stockEverything(world, 30);
});

afterAll(async () => {
  await world?.server.dispose();
});

async function runSchedule(s: Schedule): Promise<void> {
  const devices: Device[] = [];
  const t0 = Date.now();
  for (const clerk of world.clerks) devices.push(await openDevice(world, clerk));
  phase.open += Date.now() - t0;
  const t1 = Date.now();
  try {
    for (const [index, st] of s.steps.entries()) {
      const d = st.kind === 'pause' ? undefined : devices[st.device];
      switch (st.kind) {
        case 'record': {
          const random = rng(st.seed);
          for (let i = 0; i < st.count; i++) await recordRandom(d!.replica, world, random);
          totals.movements += st.count;
          break;
        }
        case 'unplug':
          d!.network.unplug();
          totals.unplugs++;
          break;
        case 'plugIn':
          d!.network.plugIn();
          break;
        case 'reopen': {
          // The app restarts: same device, same database, the outbox must survive.
          const { deviceId } = d!;
          const clerk = world.clerks[st.device]!;
          await d!.replica.close();
          // Same device id, so the same (default) database name: the data must still be there.
          devices[st.device] = await openDevice(world, clerk, { deviceId });
          if (!d!.network.online) devices[st.device]!.network.unplug();
          totals.reopens++;
          break;
        }
        case 'pause':
          await new Promise((r) => setTimeout(r, st.ms));
          break;
      }
      if (s.restartAfter === index) {
        await world.server.kill();
        await world.server.startAgain();
        totals.restarts++;
      }
    }
    for (const d of devices) d.network.plugIn();
    phase.steps += Date.now() - t1;
    const started = Date.now();
    totals.rounds += await convergeAndCheck(world.admin, devices);
    const took = Date.now() - started;
    totals.convergeMs += took;
    totals.maxConvergeMs = Math.max(totals.maxConvergeMs, took);
    totals.runs++;
  } finally {
    const t3 = Date.now();
    await Promise.all(devices.map((d) => d.replica.close()));
    phase.close += Date.now() - t3;
    if (!world.server.running) await world.server.startAgain();
  }
}

describe('random schedules', () => {
  it(`keep I1-I5 and converge (${RUNS} runs, seed ${SEED})`, async () => {
    const started = Date.now();
    console.log(`random schedules: seed ${SEED}, ${RUNS} runs (replay with SYNC_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(schedule, async (s) => {
        await runSchedule(s);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: true },
    );
    console.log(
      `random schedules: ${totals.runs} runs, ${totals.movements} movements, ${totals.unplugs} unplugs, ${totals.reopens} app restarts, ` +
        `${totals.restarts} server kill -9 restarts; converge and check mean ${(totals.convergeMs / Math.max(1, totals.runs)).toFixed(0)} ms, ` +
        `max ${totals.maxConvergeMs} ms; ${seconds(started)} in all (seed ${SEED})`,
    );
    console.log(
      `random schedules: time spent opening devices ${phase.open} ms, running steps ${phase.steps} ms, sync rounds to converge ${totals.rounds}, closing ${phase.close} ms`,
    );
  });
});
