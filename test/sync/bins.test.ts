import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import { PROTOCOL_HEADER, type Location, type MovementInput, type StockRowWithLocations } from '@stockline/protocol';
import { BinShortage, type FetchLike, type IoFactory, type Replica } from '@stockline/replica';
import {
  checkInvariants,
  localMovements,
  openDevice,
  seedWorld,
  startServer,
  type Device,
  type World,
} from './harness';

/**
 * Bins on the device (protocol 7) against the real server: a clerk's device pulls the locations
 * of its warehouses and the bin quantities, records a bin sale, a putaway and a bin count
 * offline, and after reconnecting holds the server's verdicts and the server's bins. A device
 * at protocol 6 keeps syncing as before.
 */

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 2, clerks: 2 });
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

async function createLocation(warehouseId: string, code: string, barcode?: string): Promise<Location> {
  const reply = await world.admin.request<Location>('POST', `/api/v1/warehouses/${warehouseId}/locations`, {
    code,
    ...(barcode ? { barcode } : {}),
  });
  if (reply.status !== 201 && reply.status !== 200) throw new Error(`create location: ${reply.status}`);
  return reply.body;
}

const movement = (m: Partial<MovementInput> & Pick<MovementInput, 'type'>): MovementInput =>
  ({ id: randomUUID(), occurredAt: new Date().toISOString(), ...m }) as MovementInput;

/** The server's bins of a row as {code: qty}. */
async function serverBins(warehouseId: string, productId: string): Promise<Record<string, number>> {
  const reply = await world.admin.request<StockRowWithLocations>('GET', `/api/v1/stock/${warehouseId}/${productId}`);
  return Object.fromEntries((reply.body.locations ?? []).map((l) => [l.code, l.qty]));
}

async function deviceBins(replica: Replica, warehouseId: string, productId: string): Promise<Record<string, number>> {
  const here = (await replica.availabilityNow(productId)).find((a) => a.warehouseId === warehouseId);
  return Object.fromEntries((here?.bins ?? []).map((b) => [b.code, b.available]));
}

describe('bins on the device', () => {
  it('pulls locations and bin stock, works a bin offline, and agrees with the server after reconnecting', async () => {
    const [w, other] = world.warehouses;
    const [p] = world.products;
    if (!w || !other || !p) throw new Error('seed');
    // The device syncs before its warehouses have any bin: it has no locations collection yet.
    const device = await openDevice(world, world.clerks[0]!);
    devices.push(device);
    const { replica, network } = device;
    await replica.awaitInSync();
    expect(await firstValueFrom(replica.locations$(w.id))).toEqual([]);
    const shelf = await createLocation(w.id, 'A-01', `LOC-${randomUUID().slice(0, 8)}`);
    const dock = await createLocation(w.id, 'DOCK');
    await createLocation(other.id, 'a-01');
    await world.admin.push([
      movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 6, locationId: shelf.id }),
      movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 10 }),
    ]);

    // The office's first bins reach the device by themselves (a poke opens the collection, a pull fills it).
    await expect
      .poll(async () => (await firstValueFrom(replica.locations$(w.id))).map((l) => l.code), { timeout: 20_000 })
      .toEqual(['A-01', 'DOCK']);
    await replica.awaitInSync();
    expect((await replica.findLocationByCode(shelf.barcode!))?.id).toBe(shelf.id);
    expect((await replica.findLocationByCode('a-01', w.id))?.id).toBe(shelf.id);
    expect(await deviceBins(replica, w.id, p.id)).toEqual({ 'A-01': 6 });
    expect(replica.status()).toMatchObject({ initialSyncDone: true, initialSyncProgress: 1 });

    // Online, a bin made in the office reaches the device by itself (a poke, then a pull).
    const spare = await createLocation(w.id, 'SPARE');
    await expect
      .poll(async () => (await firstValueFrom(replica.locations$(w.id))).map((l) => l.code), { timeout: 20_000 })
      .toEqual(['A-01', 'DOCK', 'SPARE']);

    network.unplug();
    await expect(
      replica.purchase({ warehouseId: w.id, locationId: shelf.id, productId: p.id, quantity: 7 }),
    ).rejects.toBeInstanceOf(BinShortage);
    const sale = await replica.purchase({ warehouseId: w.id, locationId: shelf.id, productId: p.id, quantity: 2 });
    const putaway = await replica.transfer({
      warehouseId: w.id,
      toWarehouseId: w.id,
      toLocationId: dock.id,
      productId: p.id,
      quantity: 4,
    });
    const moved = await replica.transfer({
      warehouseId: w.id,
      locationId: dock.id,
      toWarehouseId: w.id,
      toLocationId: spare.id,
      productId: p.id,
      quantity: 1,
    });
    const count = await replica.count({ warehouseId: w.id, locationId: shelf.id, productId: p.id, countedQty: 3 });
    expect(count).toMatchObject({ expectedQty: 4, countedQty: 3, locationId: shelf.id });
    expect(await deviceBins(replica, w.id, p.id)).toEqual({ 'A-01': 3, DOCK: 3, SPARE: 1 });
    expect(await firstValueFrom(replica.binContents$(w.id, dock.id))).toEqual([{ productId: p.id, expectedQty: 3 }]);

    network.plugIn();
    await replica.awaitInSync();
    const answered = await localMovements(replica);
    for (const m of [sale, putaway, moved, count])
      expect(answered.find((a) => a.id === m.id)).toMatchObject({ state: 'applied' });
    expect(await serverBins(w.id, p.id)).toEqual({ 'A-01': 3, DOCK: 3, SPARE: 1 });
    expect(await deviceBins(replica, w.id, p.id)).toEqual(await serverBins(w.id, p.id));
    const [row] = await firstValueFrom(replica.stock$({ warehouseId: w.id, productId: p.id }));
    expect(row).toMatchObject({ qty: 13 });
    await checkInvariants(world.admin, [device]);
  });

  it('still syncs a device at protocol 6: no bins in its rows, its movements answered as before', async () => {
    const [w] = world.warehouses;
    const [, q] = world.products;
    if (!w || !q) throw new Error('seed');
    const bin = await createLocation(w.id, `OLD-${randomUUID().slice(0, 4)}`);
    await world.admin.push([
      movement({ type: 'restock', warehouseId: w.id, productId: q.id, quantity: 5, locationId: bin.id }),
    ]);
    const base = await openDevice(world, world.clerks[1]!);
    await base.replica.close();
    const old = speaking('6', base.network.fetch, base.network.io);
    const device = await openDevice(world, world.clerks[1]!, { deviceId: base.deviceId, fetch: old.fetch, io: old.io });
    devices.push(device);
    await device.replica.awaitInSync();
    await device.replica.purchase({ warehouseId: w.id, productId: q.id, quantity: 2 });
    await device.replica.awaitInSync();
    expect(device.replica.status()).toMatchObject({ updateRequired: false, pending: 0, rejected: 0 });
    const [row] = await firstValueFrom(device.replica.stock$({ warehouseId: w.id, productId: q.id }));
    expect(row).toMatchObject({ qty: 3 });
    expect(row).not.toHaveProperty('bins');
  });
});

/** The device's network, announcing another protocol version. */
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
