import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Location, MovementInput, StockRowWithLocations } from '@stockline/protocol';
import { BinShortage, type Replica } from '@stockline/replica';
import { openDevice, seedWorld, startServer, type Device, type World } from './harness';

/**
 * Random bin schedules (seeded; replay with BINS_SEED): a device, offline, sells from bins, takes
 * deliveries into bins and into no bin, moves stock between bins and counts bins, while the
 * office sells from the same bins. What the device showed for each bin before the office's sales
 * is what the server holds for its own movements; after reconnecting, the device's bins are the
 * server's bins.
 */
const SEED = Number(process.env.BINS_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.BINS_RUNS ?? 6);

let world: World;
let device: Device;
const bins: Location[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 0, clerks: 1 });
  const w = world.warehouses[0]!;
  for (const code of ['A-01', 'A-02', 'B-01']) {
    const reply = await world.admin.request<Location>('POST', `/api/v1/warehouses/${w.id}/locations`, { code });
    bins.push(reply.body);
  }
  device = await openDevice(world, world.clerks[0]!);
  await device.replica.awaitInSync();
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

const bin = fc.integer({ min: 0, max: 2 });
const step = fc.oneof(
  fc.record({ op: fc.constant('sell' as const), bin, quantity: fc.integer({ min: 1, max: 6 }) }),
  fc.record({
    op: fc.constant('deliver' as const),
    bin: fc.option(bin, { nil: undefined }),
    quantity: fc.integer({ min: 1, max: 8 }),
  }),
  fc.record({
    op: fc.constant('move' as const),
    from: fc.option(bin, { nil: undefined }),
    to: bin,
    quantity: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ op: fc.constant('count' as const), bin, counted: fc.nat(9) }),
);
const schedule = fc.record({
  start: fc.array(fc.record({ bin, quantity: fc.integer({ min: 1, max: 8 }) }), { maxLength: 3 }),
  steps: fc.array(step, { minLength: 1, maxLength: 12 }),
  office: fc.array(fc.record({ bin, quantity: fc.integer({ min: 1, max: 4 }) }), { maxLength: 3 }),
});
type Schedule = typeof schedule extends fc.Arbitrary<infer T> ? T : never;

async function deviceBins(replica: Replica, warehouseId: string, productId: string): Promise<Record<string, number>> {
  const here = (await replica.availabilityNow(productId)).find((a) => a.warehouseId === warehouseId);
  return Object.fromEntries((here?.bins ?? []).map((b) => [b.code, b.available]));
}

async function serverBins(warehouseId: string, productId: string): Promise<Record<string, number>> {
  const reply = await world.admin.request<StockRowWithLocations>('GET', `/api/v1/stock/${warehouseId}/${productId}`);
  return Object.fromEntries((reply.body.locations ?? []).map((l) => [l.code, l.qty]));
}

async function runSchedule(s: Schedule): Promise<void> {
  const w = world.warehouses[0]!;
  const product = await world.admin.createProduct();
  const at = (i: number) => bins[i]!.id;
  const movement = (m: Partial<MovementInput> & Pick<MovementInput, 'type'>) =>
    ({
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      warehouseId: w.id,
      productId: product.id,
      ...m,
    }) as MovementInput;
  const push = async (movements: MovementInput[]) => {
    if (movements.length > 0) await world.admin.push(movements);
  };
  await push(s.start.map((d) => movement({ type: 'restock', quantity: d.quantity, locationId: at(d.bin) })));
  const { replica, network } = device;
  await replica.awaitInSync();

  network.unplug();
  const args = { warehouseId: world.warehouses[0]!.id, productId: product.id };
  for (const x of s.steps) {
    try {
      if (x.op === 'sell') await replica.purchase({ ...args, locationId: at(x.bin), quantity: x.quantity });
      else if (x.op === 'deliver')
        await replica.restock({
          ...args,
          quantity: x.quantity,
          ...(x.bin === undefined ? {} : { locationId: at(x.bin) }),
        });
      else if (x.op === 'move') {
        if (x.from === x.to) continue;
        await replica.transfer({
          ...args,
          toWarehouseId: args.warehouseId,
          quantity: x.quantity,
          ...(x.from === undefined ? {} : { locationId: at(x.from) }),
          toLocationId: at(x.to),
        });
      } else await replica.count({ ...args, locationId: at(x.bin), countedQty: x.counted });
    } catch (error) {
      // The device refuses to take out of a bin more than it shows there: nothing is recorded.
      if (!(error instanceof BinShortage)) throw error;
    }
  }
  const predicted = await deviceBins(replica, w.id, product.id);

  await push(s.office.map((o) => movement({ type: 'purchase', quantity: o.quantity, locationId: at(o.bin) })));
  network.plugIn();
  await replica.awaitInSync();
  const server = await serverBins(w.id, product.id);
  expect(replica.status().pending, `seed ${SEED}`).toBe(0);
  expect(await deviceBins(replica, w.id, product.id), `seed ${SEED}: device bins after sync`).toEqual(server);
  // With nobody else selling, the device's movements do to the bins exactly what it showed
  // while offline, unless the server refused one (a move out of "no bin" beyond what is there:
  // the device guards named bins only).
  const refused = (await firstValueFrom(replica.movements$({ states: ['rejected'], includeDismissed: true }))).filter(
    (m) => m.productId === product.id,
  );
  if (s.office.length === 0 && refused.length === 0)
    expect(server, `seed ${SEED}: the device's prediction`).toEqual(predicted);
}

describe('random bin schedules', () => {
  it(`leave the device's bins equal to the server's (${RUNS} runs, seed ${SEED})`, async () => {
    console.log(`bin schedules: seed ${SEED}, ${RUNS} runs (replay with BINS_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(schedule, (s) => runSchedule(s)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
