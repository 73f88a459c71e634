import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '@stockline/replica';
import { ServerProcess } from '../support/server-process';
import { checkInvariants, localMovements, openDevice, seedWorld, SERVER_ENV, type Device, type World } from './harness';
import { Api } from '../support/api';

/**
 * Tokens that expire: the replica must stop and say so (status.auth), not retry in a loop, and
 * carry on from where it was once a new token is given.
 */
const TTL_SECONDS = 3;

let world: World;
let device: Device | undefined;

beforeAll(async () => {
  const server = await ServerProcess.start({ env: { ...SERVER_ENV, JWT_TTL: String(TTL_SECONDS) } });
  world = await seedWorld(server, { warehouses: 1, products: 1, clerks: 1 });
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('token expiry', () => {
  it('parks the sync on 401, shows it in status, and resumes after setToken', async () => {
    const clerk = world.clerks[0]!;
    const [w] = world.warehouses;
    const [p] = world.products;
    // A fresh token, so the expiry below is a known time away.
    const session = await login(world.server.url, clerk.username, clerk.password);
    device = await openDevice(world, { ...clerk, token: session.token });
    await device.replica.awaitInSync();
    expect(device.replica.status().auth).toBe('ok');

    await sleep(TTL_SECONDS * 1000 + 1200);
    const sold = await device.replica.restock({ warehouseId: w!.id, productId: p!.id, quantity: 3 });
    await expect.poll(() => device!.replica.status().auth, { timeout: 10_000 }).toBe('expired');
    const status = device.replica.status();
    expect(status.online).toBe(false);
    expect(['token_expired', 'unauthorized']).toContain(status.uploadError?.code ?? status.downloadError?.code);

    // Parked: no retry loop hammering the server with a dead token.
    const before = device.network.requests.length;
    await sleep(1_500);
    const whileParked = device.network.requests.length - before;
    expect(whileParked).toBeLessThanOrEqual(1);
    expect(device.replica.status().pending).toBe(1);

    const again = await login(world.server.url, clerk.username, clerk.password);
    device.replica.setToken(again.token);
    await device.replica.awaitInSync();
    const [mine] = await localMovements(device.replica);
    expect(mine).toMatchObject({ id: sold.id, state: 'applied' });
    expect(device.replica.status()).toMatchObject({ auth: 'ok', uploadError: null });
    await checkInvariants(await Api.login(world.server.url), [device]);
    console.log(
      `auth: token expired after ${TTL_SECONDS} s, sync parked (${whileParked} requests in 1.5 s), resumed after setToken`,
    );
  });
});
