import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import {
  awaitAllInSync,
  checkInvariants,
  localMovements,
  openDevice,
  seedWorld,
  restock,
  startServer,
  type Device,
  type World,
} from './harness';

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 1, clerks: 2 });
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

describe('two offline devices sell the last 5 units', () => {
  it('applies exactly 5 sales in total and each device shows its own rejections', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    if (!w || !p) throw new Error('seed');
    await world.admin.push([restock(w.id, p.id, 5)]);
    for (const clerk of world.clerks) devices.push(await openDevice(world, clerk));
    await awaitAllInSync(devices);

    // Both devices lose the network, see 5 on the shelf, and each sells all 5, one unit at a time.
    for (const d of devices) d.network.unplug();
    for (const d of devices) {
      const [shown] = await firstValueFrom(d.replica.availability$(p.id));
      expect(shown).toMatchObject({ available: 5, pending: false });
      for (let i = 0; i < 5; i++) await d.replica.purchase({ warehouseId: w.id, productId: p.id, quantity: 1 });
      const [after] = await firstValueFrom(d.replica.availability$(p.id));
      expect(after).toMatchObject({ serverQty: 5, pendingDelta: -5, available: 0, pending: true });
    }

    for (const d of devices) d.network.plugIn();
    await awaitAllInSync(devices);

    let applied = 0;
    let rejected = 0;
    for (const d of devices) {
      const mine = await localMovements(d.replica);
      const refused = mine.filter((m) => m.state === 'rejected');
      expect(refused.every((m) => m.verdict?.reason === 'insufficient_stock')).toBe(true);
      await expect.poll(() => d.replica.status().rejected).toBe(refused.length);
      applied += mine.filter((m) => m.state === 'applied').length;
      rejected += refused.length;
      const [shown] = await firstValueFrom(d.replica.availability$(p.id));
      expect(shown).toMatchObject({ available: 0, serverQty: 0, pending: false });
    }
    expect(applied).toBe(5);
    expect(rejected).toBe(5);
    expect(await world.admin.stock(w.id, p.id)).toMatchObject({ qty: 0 });
    await checkInvariants(world.admin, devices);

    // Dismissing a rejection hides it from the default outbox view and the status count.
    const d0 = devices[0]!;
    const firstRefused = (await localMovements(d0.replica)).find((m) => m.state === 'rejected');
    if (firstRefused) {
      const before = d0.replica.status().rejected;
      await d0.replica.dismiss(firstRefused.id);
      await expect.poll(() => d0.replica.status().rejected).toBe(before - 1);
      const visible = await firstValueFrom(d0.replica.movements$({ states: ['rejected'] }));
      expect(visible.some((m) => m.id === firstRefused.id)).toBe(false);
    }
    console.log(`last units: ${applied} applied, ${rejected} rejected insufficient_stock across 2 devices`);
  });
});
