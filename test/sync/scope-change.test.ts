import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@stockline/replica';
import { movement } from '../support/api';
import {
  checkInvariants,
  localStock,
  openDevice,
  seedWorld,
  startServer,
  type Clerk,
  type Device,
  type World,
} from './harness';

let world: World;
let device: Device | null = null;

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: 2, products: 1, clerks: 0 });
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

async function signIn(username: string, password: string): Promise<Clerk> {
  const session = await login(world.server.url, username, password);
  return { user: session.user, username, password, token: session.token };
}

describe('a clerk given another warehouse', () => {
  it("receives that warehouse's rows that changed before it was theirs, after signing in again", async () => {
    const [a, b] = world.warehouses;
    const [p] = world.products;
    const user = await world.admin.createUser({
      username: 'scope-mover',
      password: 'pallet-jack-4821',
      role: 'clerk',
      warehouseIds: [a!.id],
    });
    await world.admin.push([
      movement({ type: 'restock', warehouseId: b!.id, productId: p!.id, quantity: 9 }),
      movement({ type: 'restock', warehouseId: a!.id, productId: p!.id, quantity: 4 }),
    ]);

    device = await openDevice(world, await signIn('scope-mover', 'pallet-jack-4821'));
    await device.replica.awaitInSync();
    expect((await localStock(device.replica)).map((r) => [r.warehouseId, r.qty])).toEqual([[a!.id, 4]]);

    const changed = await world.admin.request('PATCH', `/api/v1/users/${user.id}`, { warehouseIds: [a!.id, b!.id] });
    expect(changed.status).toBe(200);
    const { deviceId } = device;
    await device.replica.close();
    device = await openDevice(world, await signIn('scope-mover', 'pallet-jack-4821'), { deviceId });
    await device.replica.awaitInSync();

    const rows = (await localStock(device.replica)).map((r) => [r.warehouseId, r.qty]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [a!.id, 4],
        [b!.id, 9],
      ]),
    );
    await checkInvariants(world.admin, [device]);
  });
});
