import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER } from '@stockline/protocol';
import type { FetchLike, IoFactory } from '@stockline/replica';
import { ledger, localMovements, openDevice, seedWorld, startServer, type Device, type World } from './harness';

/**
 * A device speaking a protocol version the server cannot serve (here: one from the future) is
 * told so (426 on push and pull, a refused handshake); it stops syncing, says "update required",
 * and keeps every queued movement until an app that the server serves sends them.
 */

const FUTURE = '999';

/** The device's network, rewriting the protocol version it announces. */
function speaking(version: string, fetchFn: FetchLike, ioFn: IoFactory): { fetch: FetchLike; io: IoFactory } {
  return {
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set(PROTOCOL_HEADER, version);
      return fetchFn(input, { ...init, headers });
    },
    io: (url, options) =>
      ioFn(url, { ...options, auth: { ...(options.auth as object), protocolVersion: Number(version) } }),
  };
}

let world: World;
let device: Device | null = null;

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 1, clerks: 1 });
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

describe('a device whose protocol the server cannot serve', () => {
  it('shows update required, keeps its queue, and sends it once updated', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    const clerk = world.clerks[0]!;
    const storage = getRxStorageMemory();
    device = await openDevice(world, clerk, { storage });
    const { deviceId, network } = device;
    await device.replica.close();

    const old = speaking(FUTURE, network.fetch, network.io);
    device = await openDevice(world, clerk, { storage, deviceId, fetch: old.fetch, io: old.io });
    await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 3 });
    await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 2 });
    await expect
      .poll(() => device!.replica.status(), { timeout: 20_000 })
      .toMatchObject({ updateRequired: true, online: false, pending: 2 });
    expect(device.replica.status().uploadError?.code ?? device.replica.status().downloadError?.code).toBe(
      'upgrade_required',
    );
    // Nothing reached the server, nothing was dropped on the device.
    expect((await ledger(world.admin)).filter((m) => m.deviceId === deviceId)).toEqual([]);
    expect((await localMovements(device.replica)).map((m) => m.state)).toEqual(['pending', 'pending']);
    await device.replica.close();

    // The updated app opens the same local database and sends the queue.
    device = await openDevice(world, clerk, { storage, deviceId });
    await device.replica.awaitInSync(30_000);
    expect(device.replica.status()).toMatchObject({ updateRequired: false, pending: 0 });
    expect((await localMovements(device.replica)).map((m) => m.state)).toEqual(['applied', 'applied']);
    expect((await ledger(world.admin)).filter((m) => m.deviceId === deviceId)).toHaveLength(2);
  });
});
