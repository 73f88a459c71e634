import { randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { stockKey } from '@stockline/domain';
import type { Alert, MovementInput, PushMovementsResponse, StockRow, Verdict } from '@stockline/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing } from '../../apps/server/src/store/postgres/testing/availability';
import { Api } from '../support/api';
import { nginxMissing } from '../support/nginx';
import type { ServerProcess } from '../support/server-process';
import { closeSourceAgents, fetchFrom, loopbackAddress } from '../support/source-address';
import { convergeAndCheck, openDevice, seedWorld, seconds, type Device, type World } from '../sync/harness';
import { recordRandom, rng } from '../sync/random-movements';
import { buildServerBundle, ClusterStack, metricsHeaders } from './stack';

/** The instances' stock read model staleness bound (READ_MODEL_LAG_MS, the default). */
const READ_MODEL_LAG_MS = 250;

/**
 * Several instances, as production runs them: PostgreSQL, three `node apps/server/dist/main.js`
 * processes and nginx with deploy/nginx/stockline.conf, all on loopback. Clients reach nginx
 * from different loopback addresses, so its sticky hash spreads them over the instances.
 */

const missing = postgresMissing() ?? nginxMissing();
if (missing) console.warn(`[cluster] skipped: ${missing}`);

const SEED = Number(process.env.CLUSTER_SEED ?? Date.now() % 2 ** 31);
// Open-source RxDB allows 13 collections per process: three clerk replicas of four each.
const DEVICES = 3;
const ROUNDS = 6;
const PER_ROUND = 8;

let stack: ClusterStack;
let world: World;
let admin: Api;
const follower = { stock: new Map<string, StockRow>(), alerts: new Map<string, Alert>(), pulls: 0, errors: 0 };
let following = true;
let followerDone: Promise<void> = Promise.resolve();

/** An admin client leaving from the n-th loopback address. */
const adminFrom = (n: number) => admin.via(fetchFrom(loopbackAddress(n)));
const direct = (instance: ServerProcess) => new Api(instance.url, admin.token);

/**
 * A replica-like reader that walks `GET /sync/{stock,alerts}?after=<checkpoint>` through nginx,
 * each pull from another source address, so consecutive pages come from different instances
 * while all of them write. A checkpoint that passed a change committing later would leave this
 * view different from the final state.
 */
async function follow(): Promise<void> {
  const checkpoints = { stock: 0, alerts: 0 };
  let n = 0;
  const drain = async (collection: 'stock' | 'alerts', final: boolean) => {
    for (;;) {
      n = (n + 1) % 40;
      let page;
      try {
        page = await adminFrom(300 + n).pull(collection, { after: checkpoints[collection], limit: 7 });
      } catch {
        follower.errors++; // an instance killed under the request: ask again, elsewhere
        if (!final && !following) return;
        continue;
      }
      follower.pulls++;
      expect(page.checkpoint.seq).toBeGreaterThanOrEqual(checkpoints[collection]);
      for (const doc of page.documents) {
        if (collection === 'stock') {
          const row = doc as StockRow;
          follower.stock.set(stockKey(row.warehouseId, row.productId), row);
        } else follower.alerts.set((doc as Alert).id, doc as Alert);
      }
      checkpoints[collection] = page.checkpoint.seq;
      if (page.documents.length === 0) return;
    }
  };
  while (following) {
    await drain('stock', false);
    await drain('alerts', false);
    await new Promise((r) => setTimeout(r, 5));
  }
  await drain('stock', true);
  await drain('alerts', true);
}

function movementCount(metrics: string): number {
  let total = 0;
  for (const line of metrics.split('\n'))
    if (line.startsWith('stockline_movements_total{')) total += Number(line.split(' ').at(-1));
  return total;
}

async function decisionsPerInstance(): Promise<number[]> {
  return Promise.all(
    stack.instances.map(async (i) =>
      movementCount(await (await fetch(`${i.url}/metrics`, { headers: metricsHeaders })).text()),
    ),
  );
}

/**
 * Waits until nginx sends the i-th address to instance i again: after an instance came back,
 * nginx retries it once its fail_timeout has passed.
 */
async function backInRotation(addresses: string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const [i, address] of addresses.entries()) {
    while ((await stack.instanceFor(fetchFrom(address))) !== i) {
      if (Date.now() > deadline) throw new Error(`instance ${i + 1} not back behind nginx\n${stack.logs}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe.skipIf(missing !== null)('cluster: PostgreSQL + 3 instances + nginx', () => {
  beforeAll(async () => {
    console.log(`[cluster] seed=${SEED} (rerun with CLUSTER_SEED=${SEED})`);
    const started = Date.now();
    buildServerBundle();
    stack = await ClusterStack.start(3);
    world = await seedWorld({ url: stack.url } as ServerProcess, { warehouses: 2, products: 3, clerks: DEVICES });
    admin = world.admin;
    for (const w of world.warehouses) {
      for (const p of world.products) {
        await admin.push([
          {
            id: randomUUID(),
            occurredAt: new Date().toISOString(),
            type: 'restock',
            warehouseId: w.id,
            productId: p.id,
            quantity: 40,
          },
        ]);
        await admin.setThreshold(w.id, p.id, 8);
      }
    }
    followerDone = follow();
    console.log(`[cluster] stack up and seeded in ${seconds(started)}`);
  }, 120_000);

  afterAll(async () => {
    following = false;
    await followerDone.catch(() => undefined);
    await closeSourceAgents();
    await stack?.stop();
  });

  it('replicas through nginx converge while one instance is killed -9 and another restarted', async () => {
    const random = rng(SEED);
    const devices: Device[] = [];
    // Device i leaves from an address that nginx's sticky hash sends to instance i, so the
    // instance killed below and the one restarted each hold a device's live socket and pushes.
    const addresses: string[] = [];
    for (let n = 10; addresses.length < DEVICES; n++) {
      if (n > 400) throw new Error('no source address reaches every instance');
      const address = loopbackAddress(n);
      if ((await stack.instanceFor(fetchFrom(address))) === addresses.length) addresses.push(address);
    }
    for (let i = 0; i < DEVICES; i++) {
      const address = addresses[i]!;
      const clerk = world.clerks[i]!;
      devices.push(
        await openDevice(world, clerk, {
          fetch: fetchFrom(address),
          io: (url, options) =>
            connectSocket(url, { ...options, localAddress: address } as Parameters<typeof connectSocket>[1]),
        }),
      );
    }
    const [, second, third] = stack.instances as [ServerProcess, ServerProcess, ServerProcess];
    let recorded = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(
        devices.map(async (d) => {
          for (let k = 0; k < PER_ROUND; k++) await recordRandom(d.replica, world, random);
        }),
      );
      recorded += DEVICES * PER_ROUND;
      await new Promise((r) => setTimeout(r, 100 + random() * 200));
      if (round === 1) await second.kill(); // SIGKILL, mid-push for whoever it held
      if (round === 3) await third.restart(); // SIGKILL and start again on the same port
      if (round === 4) {
        await second.startAgain();
        await backInRotation(addresses);
      }
    }
    const rounds = await convergeAndCheck(admin, devices, 4);
    console.log(
      `[cluster] ${recorded} movements from ${DEVICES} replicas (one per instance) converged in ${rounds} sync round(s)`,
    );
    await Promise.all(devices.map((d) => d.replica.close()));
  }, 150_000);

  it('a 200-way oversell storm against 100 units, spread over the instances, sells exactly 100', async () => {
    const [w] = world.warehouses;
    const product = await admin.createProduct({ barcode: `BC${randomUUID().slice(0, 12)}` });
    await admin.push([
      {
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'restock',
        warehouseId: w!.id,
        productId: product.id,
        quantity: 100,
      },
    ]);
    const purchases: MovementInput[] = Array.from({ length: 200 }, () => ({
      id: randomUUID(),
      occurredAt: new Date().toISOString(),
      type: 'purchase',
      warehouseId: w!.id,
      productId: product.id,
      quantity: 1,
    }));
    const before = await decisionsPerInstance();
    // As a device does, a 503 (an instance shedding a write it could not start within its
    // database bounds: 200 writers queue on one loaded machine) is sent again, same id.
    let resent = 0;
    const send = async (m: MovementInput, n: number) => {
      for (;;) {
        const reply = await adminFrom(1000 + n).request<PushMovementsResponse>('POST', '/api/v1/movements', {
          movements: [m],
        });
        if (reply.status !== 503) return reply;
        resent++;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const replies = await Promise.all(purchases.map((m, n) => send(m, n)));
    const spread = (await decisionsPerInstance()).map((a, i) => a - before[i]!);
    console.log(
      `[cluster] storm: 200 purchases of 100 units; decisions per instance ${spread.join(', ')}; ${resent} answered 503 and sent again`,
    );

    // Every purchase answered once, with one verdict for its own id.
    expect(replies.map((r) => r.status)).toEqual(purchases.map(() => 200));
    const verdicts: Verdict[] = replies.map((r, n) => {
      expect(r.body.results.map((v) => v.id)).toEqual([purchases[n]!.id]);
      return r.body.results[0]!;
    });
    expect(verdicts.filter((v) => v.status === 'applied')).toHaveLength(100);
    expect(verdicts.filter((v) => v.status === 'rejected').map((v) => v.reason)).toEqual(
      Array(100).fill('insufficient_stock'),
    );
    expect(spread.every((n) => n > 0)).toBe(true);
    expect(spread.reduce((a, b) => a + b, 0)).toBe(200);
    // The purchases were decided on every instance; the admin's instance answers stock from its
    // read model, which reflects another instance's commit within READ_MODEL_LAG_MS (250 ms).
    await new Promise((r) => setTimeout(r, READ_MODEL_LAG_MS));
    expect((await admin.stock(w!.id, product.id)).qty).toBe(0);

    // Sent again through other addresses (other instances): the same first verdicts, nothing changes.
    const again = await Promise.all(purchases.map((m, n) => send(m, n + 7)));
    expect(again.map((r) => r.body.results[0])).toEqual(verdicts);
    const ledger = await admin.ledger({ productId: product.id });
    expect(ledger).toHaveLength(201);
    expect(new Set(ledger.map((m) => m.id)).size).toBe(201);
    expect(ledger.filter((m) => m.type === 'purchase' && m.verdict.status === 'applied')).toHaveLength(100);
    expect((await admin.stock(w!.id, product.id)).qty).toBe(0);
  }, 60_000);

  it('an alert raised through instance 1 pokes a manager socket on instance 3 and one long-polling through nginx; the pull then has it', async () => {
    const [w] = world.warehouses;
    const [first, , third] = stack.instances as [ServerProcess, ServerProcess, ServerProcess];
    const username = `manager-${randomUUID().slice(0, 8)}`;
    await admin.createUser({ username, password: 'pallet-jack-4821', role: 'manager', warehouseIds: [w!.id] });
    const manager = await Api.login(third.url, username, 'pallet-jack-4821');
    const product = await admin.createProduct({ barcode: `BC${randomUUID().slice(0, 12)}` });
    await admin.push([
      {
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'restock',
        warehouseId: w!.id,
        productId: product.id,
        quantity: 10,
      },
    ]);
    await admin.setThreshold(w!.id, product.id, 5);

    const sockets: Socket[] = [
      connectSocket(third.url, { auth: { token: manager.token }, transports: ['websocket'], reconnection: false }),
      // HTTP long-polling is several requests per session: without nginx's sticky hash they would
      // land on different instances, which answer "Session ID unknown".
      connectSocket(stack.url, {
        auth: { token: manager.token },
        transports: ['polling'],
        reconnection: false,
        // Under Node the polling transport takes an http.Agent (the typings only know browsers').
        agent: new HttpAgent({ keepAlive: true, localAddress: loopbackAddress(6000) }) as unknown as string,
      }),
    ];
    try {
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve, reject) => {
              socket.once('connect', () => resolve());
              socket.once('connect_error', reject);
            }),
        ),
      );
      const purchase: MovementInput = {
        id: randomUUID(),
        occurredAt: new Date().toISOString(),
        type: 'purchase',
        warehouseId: w!.id,
        productId: product.id,
        quantity: 7,
      };
      // Sockets carry only a poke ("alerts changed up to seq N"); the alert itself comes in the pull.
      const poked = sockets.map(
        (socket) =>
          new Promise<void>((resolve) =>
            socket.on('poke', (poke: { collection: string }) => poke.collection === 'alerts' && resolve()),
          ),
      );
      const reply = await direct(first).push([purchase]);
      expect(reply.results[0]?.status).toBe('applied');
      await Promise.race([
        Promise.all(poked),
        new Promise<never>((_, reject) =>
          setTimeout(
            () =>
              reject(
                new Error(`an alerts poke did not arrive
${stack.logs}`),
              ),
            20_000,
          ),
        ),
      ]);
      const alert = (await manager.pull('alerts')).documents.find((a) => a.movementId === purchase.id);
      expect(alert).toMatchObject({ warehouseId: w!.id, productId: product.id, qty: 3, threshold: 5, status: 'open' });
      expect(sockets[1]!.io.engine.transport.name).toBe('polling');
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 60_000);

  it('pulls through nginx, from instance to instance, skipped nothing', async () => {
    following = false;
    await followerDone;
    const stock = await admin.stockList();
    const alerts = await admin.alerts();
    const view = (rows: Iterable<StockRow>) =>
      [...rows].map((r) => `${r.warehouseId}:${r.productId} qty=${r.qty} v=${r.version} t=${r.threshold}`).sort();
    expect(view(follower.stock.values())).toEqual(view(stock.items));
    const alertView = (items: Iterable<Alert>) => [...items].map((a) => `${a.id} ${a.status} ${a.qty}`).sort();
    expect(alertView(follower.alerts.values())).toEqual(alertView(alerts.items));
    console.log(
      `[cluster] follower: ${follower.pulls} pulls (${follower.errors} retried after a dead instance), ${follower.stock.size} rows, ${follower.alerts.size} alerts`,
    );
  }, 60_000);
});
