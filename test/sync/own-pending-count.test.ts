import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitAllInSync, localMovements, openDevice, seedWorld, startServer, type Device, type World } from './harness';

/**
 * A count taken offline after this device's own queued sales is not stale: nobody else touched
 * the row. A count taken while another device sold meanwhile is.
 */

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 1, clerks: 2 });
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

async function countVerdict(device: Device, id: string) {
  const found = (await localMovements(device.replica)).find((m) => m.id === id);
  return found?.verdict?.count;
}

describe('a count after this device’s own pending movements', () => {
  it('is applied without a stale flag; someone else’s sale meanwhile still flags it', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    const [c1, c2] = world.clerks;
    if (!w || !p || !c1 || !c2) throw new Error('seed');
    const target = { warehouseId: w.id, productId: p.id };
    await world.admin.push([
      { id: crypto.randomUUID(), occurredAt: new Date().toISOString(), type: 'restock', ...target, quantity: 20 },
    ]);
    const mine = await openDevice(world, c1);
    const other = await openDevice(world, c2);
    devices.push(mine, other);
    await awaitAllInSync(devices);

    // Offline: two sales, a restock, then a count of what the device shows (20 - 2 - 1 + 4 = 21).
    mine.network.unplug();
    await mine.replica.purchase({ ...target, quantity: 2 });
    await mine.replica.purchase({ ...target, quantity: 1 });
    await mine.replica.restock({ ...target, quantity: 4 });
    const count = await mine.replica.count({ ...target, countedQty: 21 });
    mine.network.plugIn();
    await awaitAllInSync([mine]);
    expect(await countVerdict(mine, count.id)).toEqual({
      requestedDelta: 0,
      appliedDelta: 0,
      stale: false,
      clamped: false,
      discrepancy: 0,
    });
    expect(await world.admin.stock(w.id, p.id)).toMatchObject({ qty: 21 });

    // Offline again, a sale of its own; meanwhile another device sells 5. This count is stale.
    mine.network.unplug();
    await mine.replica.purchase({ ...target, quantity: 1 });
    const second = await mine.replica.count({ ...target, countedQty: 20 });
    await other.replica.purchase({ ...target, quantity: 5 });
    await awaitAllInSync([other]);
    mine.network.plugIn();
    await awaitAllInSync(devices);
    expect(await countVerdict(mine, second.id)).toMatchObject({ stale: true, appliedDelta: 0 });
    expect(await world.admin.stock(w.id, p.id)).toMatchObject({ qty: 15 });
  });
});
