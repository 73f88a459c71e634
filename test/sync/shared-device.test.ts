import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { awaitAllInSync, localMovements, openDevice, seedWorld, startServer, type Device, type World } from './harness';

/**
 * A handheld passed between people: one device id, one storage, several users. Each user sees
 * only their own movements; what one left unsent stays theirs until they sign in again.
 */

let world: World;
const open: Device[] = [];

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 1, products: 1, clerks: 2 });
});

afterAll(async () => {
  await Promise.all(open.map((d) => d.replica.close().catch(() => undefined)));
  await world?.server.dispose();
});

async function signOut(device: Device): Promise<void> {
  await device.replica.close();
  open.splice(open.indexOf(device), 1);
}

describe('a shared handheld', () => {
  it('never shows one user the movements of the previous one, and sends the unsent ones when their author returns', async () => {
    const [w] = world.warehouses;
    const [p] = world.products;
    const [anna, ben] = world.clerks;
    if (!w || !p || !anna || !ben) throw new Error('seed');
    // IndexedDB (as in the browser), so a sign-out really closes the database and a sign-in reopens it.
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const deviceId = `handheld-${crypto.randomUUID()}`;
    const target = { warehouseId: w.id, productId: p.id };

    // Anna restocks online (applied), then records a sale with the network down and signs out.
    const annaFirst = await openDevice(world, anna, { storage, deviceId });
    open.push(annaFirst);
    const applied = await annaFirst.replica.restock({ ...target, quantity: 10 });
    await awaitAllInSync([annaFirst]);
    annaFirst.network.unplug();
    const unsent = await annaFirst.replica.purchase({ ...target, quantity: 3 });
    await expect.poll(() => annaFirst.replica.status().pending).toBe(1);
    await signOut(annaFirst);

    // Ben signs in on the same handheld: nothing of Anna's, neither pulled nor local.
    const benDevice = await openDevice(world, ben, { storage, deviceId });
    open.push(benDevice);
    await awaitAllInSync([benDevice]);
    const own = await benDevice.replica.purchase({ ...target, quantity: 1 });
    await awaitAllInSync([benDevice]);
    expect((await localMovements(benDevice.replica)).map((m) => m.id)).toEqual([own.id]);
    expect(await world.admin.stock(w.id, p.id)).toMatchObject({ qty: 9 });
    await signOut(benDevice);

    // Anna again: her unsent sale is still there and goes out now; Ben's sale is not hers to see.
    const annaAgain = await openDevice(world, anna, { storage, deviceId });
    open.push(annaAgain);
    await awaitAllInSync([annaAgain]);
    const mine = await localMovements(annaAgain.replica);
    expect(mine.map((m) => m.id).sort()).toEqual([applied.id, unsent.id].sort());
    expect(mine.every((m) => m.state === 'applied')).toBe(true);
    expect(await world.admin.stock(w.id, p.id)).toMatchObject({ qty: 6 });
  });
});
