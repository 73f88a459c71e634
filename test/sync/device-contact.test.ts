import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '@stockline/protocol';
import { openDevice, seedWorld, startServer, type Device, type World } from './harness';

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 1, clerks: 1 });
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

describe('device contact', () => {
  it('a syncing replica reports its id and outbox length, which the manager’s desk lists', async () => {
    const clerk = world.clerks[0]!;
    const device = await openDevice(world, clerk);
    devices.push(device);
    await device.replica.restock({
      warehouseId: world.warehouses[0]!.id,
      productId: world.products[0]!.id,
      quantity: 1,
    });
    await device.replica.awaitInSync();
    const listed = async () =>
      (await world.admin.request<{ items: DeviceStatus[] }>('GET', '/api/v1/devices')).body.items.find(
        (d) => d.deviceId === device.deviceId,
      );
    await expect
      .poll(listed, { timeout: 10_000 })
      .toMatchObject({ deviceId: device.deviceId, username: clerk.username, queued: expect.any(Number) });
    expect(Date.parse((await listed())!.lastContactAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});
