import { ledgerMismatches } from '@stockline/domain';
import { PROTOCOL_VERSION, type Verdict } from '@stockline/protocol';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing } from '../../apps/server/src/store/postgres/testing/availability';
import { buildServerBundle, ClusterStack, SERVER_BUNDLE } from '../cluster/stack';
import { Api } from '../support/api';
import { nginxMissing } from '../support/nginx';
import { rng } from '../sync/random-movements';
import { ServerProcess } from '../support/server-process';
import { closeSourceAgents, fetchFrom, loopbackAddress } from '../support/source-address';
import { pauseDatabase } from './database-pause';
import { PushWorkload, type Target } from './push-workload';

/**
 * Availability under faults: PostgreSQL (fsync on: an immediate stop must lose no acknowledged
 * commit), three `node apps/server/dist/main.js` instances and nginx with
 * deploy/nginx/stockline.conf, under devices pushing through nginx. Each fault runs while they
 * push; afterwards every instance is still the same live process, every batch was answered
 * (re-sent with the same ids until it was), nothing acknowledged is missing or twice in the
 * ledger, and stock equals the ledger. The figures (seconds during which some device's push
 * failed, or took longer than 2 s) feed the README's availability budget.
 */

const missing = postgresMissing() ?? nginxMissing();
if (missing) console.warn(`[faults] skipped: ${missing}`);

const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31);
const DEVICES_PER_INSTANCE = 2;

let stack: ClusterStack;
let admin: Api;
let targets: Target[];
let addresses: string[];
const figures: string[] = [];
/** Every verdict acknowledged so far, across faults. */
const acknowledged = new Map<string, Verdict>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(instance: ServerProcess): Promise<boolean> {
  try {
    return (await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

async function allReady(timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const [n, instance] of stack.instances.entries()) {
    while (!(await ready(instance))) {
      if (Date.now() > deadline)
        throw new Error(`instance ${n + 1} not ready ${timeoutMs} ms after the fault\n${stack.logs}`);
      await sleep(100);
    }
  }
}

function expectAlive(): void {
  const dead = stack.instances.map((i, n) => (i.running ? null : n + 1)).filter((n) => n !== null);
  expect(dead, `instances that exited\n${stack.logs}`).toEqual([]);
}

/** The instances' staleness bound for stock reads (READ_MODEL_LAG_MS, the default). */
const READ_MODEL_LAG_MS = 250;

/** Every target row read on every instance directly, against the rows the database listed. */
async function stockReadsDifferingFrom(rows: Array<{ warehouseId: string; productId: string }>): Promise<string[]> {
  const differing: string[] = [];
  for (const [n, instance] of stack.instances.entries()) {
    for (const t of targets) {
      const truth = rows.find((r) => r.warehouseId === t.warehouseId && r.productId === t.productId);
      const res = await fetch(`${instance.url}/api/v1/stock/${t.warehouseId}/${t.productId}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      const read: unknown = await res.json();
      if (!isDeepStrictEqual(read, truth))
        differing.push(`instance ${n + 1}: ${JSON.stringify(read)} != ${JSON.stringify(truth)}`);
    }
  }
  return differing;
}

/**
 * Runs `fault` under the push workload: a quiet second before, the fault, every instance ready
 * again, two more seconds of pushes, then every batch answered. Checks the invariants and
 * records the figures.
 */
async function underLoad(name: string, fault: () => Promise<string | void>): Promise<void> {
  const workload = new PushWorkload(stack.url, admin.token!, targets, addresses, rng(SEED + figures.length));
  workload.start();
  await sleep(1_000);
  const from = Date.now();
  const note = await fault();
  const faultEnded = Date.now();
  await allReady();
  const readyAt = Date.now();
  await sleep(2_000);
  await workload.stop();
  const to = Date.now();
  expectAlive();

  for (const [id, verdict] of workload.verdicts) acknowledged.set(id, verdict);
  const ledger = await admin.ledger();
  const seen = new Map<string, number>();
  for (const m of ledger) seen.set(m.id, (seen.get(m.id) ?? 0) + 1);
  const doubled = [...seen].filter(([, n]) => n > 1).length;
  const lost = [...acknowledged].filter(
    ([id, v]) => !seen.has(id) || ledger.find((m) => m.id === id)!.verdict.status !== v.status,
  ).length;
  const stock = await admin.stockList();
  const mismatches = ledgerMismatches(stock.items, ledger);
  // Each instance's stock read model lost its feed with the fault (or its instance hung); once
  // the staleness bound has passed it answers what the database holds.
  await sleep(READ_MODEL_LAG_MS + 50);
  const staleReads = await stockReadsDifferingFrom(stock.items);

  const failed = workload.disruptedSeconds(from, to, 'failed');
  const disrupted = workload.disruptedSeconds(from, to, 'any');
  const line =
    `${name}: ${failed.toFixed(1)} s with failed pushes, ${disrupted.toFixed(1)} s with pushes failed or slower than 2 s; ` +
    `${workload.failedAttempts} failed attempts re-sent (${[...workload.failures].map(([k, v]) => `${v} × ${k}`).join(', ') || 'none'}), ` +
    `${workload.answeredBatches} batches answered; the fault took ${((faultEnded - from) / 1000).toFixed(1)} s, every instance ready ` +
    `${((readyAt - faultEnded) / 1000).toFixed(1)} s later${note ? `; ${note}` : ''}; lost ${lost}, doubled ${doubled}`;
  figures.push(line);
  console.log(`[faults] ${line}`);
  expect(lost).toBe(0);
  expect(doubled).toBe(0);
  expect(mismatches).toEqual([]);
  expect(staleReads, 'GET /stock/:w/:p on an instance against the database').toEqual([]);
  expect(workload.answeredBatches).toBeGreaterThan(0);
}

describe.skipIf(missing !== null)('faults: PostgreSQL + 3 instances + nginx under pushes', () => {
  beforeAll(async () => {
    console.log(`[faults] seed=${SEED} (rerun with FAULTS_SEED=${SEED})`);
    buildServerBundle();
    stack = await ClusterStack.start(3, { fastDatabase: false, env: { DATABASE_INSTANCES: '3', LOG_LEVEL: 'warn' } });
    admin = await Api.login(stack.url);
    const warehouse = await admin.createWarehouse();
    targets = [];
    for (let i = 0; i < 4; i++) {
      const product = await admin.createProduct({ barcode: `BC${randomUUID().slice(0, 12)}` });
      targets.push({ warehouseId: warehouse.id, productId: product.id });
      await admin.push([
        {
          id: randomUUID(),
          occurredAt: new Date().toISOString(),
          type: 'restock',
          warehouseId: warehouse.id,
          productId: product.id,
          quantity: 50,
        },
      ]);
    }
    // Devices spread evenly: DEVICES_PER_INSTANCE addresses that nginx sends to each instance.
    const perInstance = stack.instances.map(() => [] as string[]);
    for (let n = 10; perInstance.some((a) => a.length < DEVICES_PER_INSTANCE); n++) {
      if (n > 600) throw new Error('no source addresses reach every instance');
      const address = loopbackAddress(n);
      const served = await stack.instanceFor(fetchFrom(address));
      if (served >= 0 && perInstance[served]!.length < DEVICES_PER_INSTANCE) perInstance[served]!.push(address);
    }
    addresses = perInstance.flat();
  }, 120_000);

  afterAll(async () => {
    if (figures.length) console.log(`[faults] figures (seed ${SEED}):\n  ${figures.join('\n  ')}`);
    await closeSourceAgents();
    await stack?.stop();
  });

  it('PostgreSQL stopped with -m immediate and started 8 s later; an instance started meanwhile waits for it', async () => {
    let late: ServerProcess | undefined;
    try {
      await underLoad('PostgreSQL stopped -m immediate for 8 s', async () => {
        const crashedAt = Date.now();
        await stack.database.crash();
        // A fourth instance (not behind nginx) starts while the database is down: it must wait,
        // not exit, and be ready once the database is back.
        const starting = ServerProcess.start({
          entry: SERVER_BUNDLE,
          env: { STORE: 'postgres', DATABASE_URL: stack.database.url, LOG_LEVEL: 'warn' },
        });
        await sleep(8_000);
        await stack.database.start();
        const down = (Date.now() - crashedAt) / 1000;
        late = await starting;
        expect(await ready(late)).toBe(true);
        return `the database was down ${down.toFixed(1)} s (pg_ctl start included)`;
      });
    } finally {
      await late?.dispose();
    }
  }, 120_000);

  it('PostgreSQL stalled (SIGSTOP) for 20 s', async () => {
    await underLoad('PostgreSQL stalled (SIGSTOP) for 20 s', async () => {
      const resume = pauseDatabase(stack.database);
      try {
        await sleep(5_000);
        // A stalled database: /readyz answers within its bound, and says not ready.
        const started = Date.now();
        const res = await fetch(`${stack.instances[0]!.url}/readyz`);
        expect(res.status).toBe(503);
        expect(Date.now() - started).toBeLessThan(5_000); // bound 1 s, plus a loaded machine's delays
        await sleep(15_000);
      } finally {
        resume();
      }
    });
  }, 120_000);

  it('one instance hung (SIGSTOP) for 60 s: its devices and sockets move to the others', async () => {
    const hung = stack.instances[1]!;
    // A live socket through nginx from an address sent to the instance about to hang.
    const socketAddress = addresses[DEVICES_PER_INSTANCE]!;
    const socket = connectSocket(stack.url, {
      auth: { token: admin.token, protocolVersion: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 2_000,
      localAddress: socketAddress,
    } as Parameters<typeof connectSocket>[1]);
    let reconnectedAfterMs: number | null = null;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      await underLoad('one instance hung (SIGSTOP) for 60 s', async () => {
        const hungAt = Date.now();
        socket.once('disconnect', () => socket.once('connect', () => (reconnectedAfterMs = Date.now() - hungAt)));
        hung.pause();
        try {
          await sleep(60_000);
        } finally {
          hung.resume();
        }
      });
      console.log(
        `[faults] the socket on the hung instance was connected again (to another) ${((reconnectedAfterMs ?? NaN) / 1000).toFixed(1)} s after the hang began`,
      );
      expect(reconnectedAfterMs).not.toBeNull();
      // Moved while the instance is still hung (it is resumed after 60 s). How long it takes
      // depends on whether a push made nginx mark the instance down first: 15 to 57 s measured.
      expect(reconnectedAfterMs!).toBeLessThan(60_000);
    } finally {
      socket.close();
    }
  }, 180_000);

  it('all three instances restarted at once', async () => {
    await underLoad('all three instances restarted at once', async () => {
      const stopping = Date.now();
      await Promise.all(stack.instances.map((i) => i.stop()));
      const starting = Date.now();
      await Promise.all(stack.instances.map((i) => i.startAgain()));
      return `stopping took ${((starting - stopping) / 1000).toFixed(1)} s, starting ${((Date.now() - starting) / 1000).toFixed(1)} s`;
    });
  }, 120_000);
});
