import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import {
  checkInvariants,
  ledger,
  localMovements,
  openDevice,
  seedWorld,
  startServer,
  type Device,
  type World,
} from './harness';

let world: World;
const devices: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 2, clerks: 1 });
});

afterAll(async () => {
  await Promise.all(devices.map((d) => d.replica.close()));
  await world?.server.dispose();
});

describe('push delivery', () => {
  it('pushes the outbox in recording order, across batch boundaries', async () => {
    const [w] = world.warehouses;
    const [, p] = world.products;
    const device = await openDevice(world, world.clerks[0]!, { pushBatchSize: 7 });
    devices.push(device);
    await device.replica.awaitInSync();
    device.network.unplug();
    // Each sale is only possible if the receipt recorded just before it was applied first.
    for (let i = 0; i < 60; i++) {
      await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 2 });
      await device.replica.purchase({ warehouseId: w!.id, productId: p!.id, quantity: 2 });
    }
    device.network.plugIn();
    await device.replica.awaitInSync();
    const mine = await localMovements(device.replica);
    expect(mine.filter((m) => m.state === 'applied')).toHaveLength(120);
    expect(await world.admin.stock(w!.id, p!.id)).toMatchObject({ qty: 0, version: 120 });
    await checkInvariants(world.admin, [device]);
  });

  it('ends with the first verdict when push replies are lost, applying each movement once', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    const device = await openDevice(world, world.clerks[0]!);
    devices.push(device);
    await device.replica.awaitInSync();
    const before = (await world.admin.stock(w!.id, p!.id)).qty;
    device.network.loseReplies = 3;
    const received = await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 7 });
    await device.replica.awaitInSync();
    expect(device.network.loseReplies).toBe(0);
    const [mine] = (await localMovements(device.replica)).filter((m) => m.id === received.id);
    expect(mine).toMatchObject({ state: 'applied', verdict: { status: 'applied', stock: { qty: before + 7 } } });
    expect((await ledger(world.admin)).filter((m) => m.id === received.id)).toHaveLength(1);
    expect(await world.admin.stock(w!.id, p!.id)).toMatchObject({ qty: before + 7 });
    const [shown] = await firstValueFrom(device.replica.availability$(p!.id));
    expect(shown).toMatchObject({ available: before + 7, pending: false });
    await checkInvariants(world.admin, [device]);
  });

  it('an unreadable movement is rejected as malformed and does not hold back the queue', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    // Closed at the end: free RxDB allows 13 open collections per process.
    const device = await openDevice(world, world.clerks[0]!);
    await device.replica.awaitInSync();
    const before = (await world.admin.stock(w!.id, p!.id)).qty;
    device.network.unplug();
    const recorded = [];
    for (let i = 0; i < 3; i++)
      recorded.push(await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 1 }));
    device.network.garble = recorded[1]!.id;
    device.network.plugIn();
    await device.replica.awaitInSync();
    const mine = new Map((await localMovements(device.replica)).map((m) => [m.id, m]));
    expect(recorded.map((m) => mine.get(m.id)?.verdict?.reason ?? mine.get(m.id)?.state)).toEqual([
      'applied',
      'malformed',
      'applied',
    ]);
    expect(device.replica.status()).toMatchObject({ pending: 0, rejected: 1 });
    expect(await world.admin.stock(w!.id, p!.id)).toMatchObject({ qty: before + 2 });
    device.network.garble = null;
    await checkInvariants(world.admin, [device]);
    await device.replica.close();
  });

  it("reports first-sync progress from the pulls' remaining counts", async () => {
    for (let i = 0; i < 8; i++) await world.admin.createProduct();
    const seen: number[] = [];
    const device = await openDevice(world, world.clerks[0]!, { pullBatchSize: 3 });
    devices.push(device);
    const sub = device.replica.status$.subscribe((s) => seen.push(s.initialSyncProgress));
    await device.replica.awaitInSync();
    sub.unsubscribe();
    expect(device.replica.status()).toMatchObject({ initialSyncDone: true, initialSyncProgress: 1 });
    expect(seen.some((p) => p > 0 && p < 1)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('looks scanned codes up by barcode, then by SKU, from the local catalog', async () => {
    const device = devices.at(-1)!;
    const [p] = world.products;
    await device.replica.awaitInSync();
    expect(await device.replica.findByCode(` ${p!.barcode!} `)).toEqual(p);
    expect(await device.replica.findByCode(p!.sku)).toEqual(p);
    expect(await device.replica.findByCode('no-such-code')).toBeNull();
    const found = await firstValueFrom(device.replica.products$(p!.sku.slice(-6).toLowerCase()));
    expect(found.map((x) => x.id)).toEqual([p!.id]);
  });
});
