/**
 * The cluster figures, through nginx on one durable PostgreSQL, each beside a baseline of the same
 * run: stock queries with one and with three instances against a bare Express route behind the
 * same nginx (autocannon, 256 connections, in a process of its own); pushes with three instances
 * against one; the pushes of two instances while the third is SIGSTOPped mid-push; and the same
 * hot batches through the PostgreSQL store in this process, 50 devices against one.
 *
 * The shipped nginx file is used with two changes for a load generator that speaks from one
 * address: its per-address `limit_req` lines are lifted, and the sticky hash takes the client's
 * port as well as its address, so each of the generator's connections counts as one client (as
 * many devices would) instead of all of them landing on one instance.
 */
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import type { Product, Warehouse } from '@stockline/protocol';
import { postgresMissing } from '../apps/server/src/store/postgres/testing/availability';
import { ClusterStack, buildServerBundle, metricsHeaders } from '../test/cluster/stack';
import { Api, movement } from '@stockline/test/support/api';
import { Nginx, nginxMissing } from '@stockline/test/support/nginx';
import { SERVER_NODE_FLAGS } from '@stockline/test/support/server-process';
import { Child } from './support/child';
import { describeStorePushes, storePushesOnPostgres } from './support/postgres-store-pushes';
import { CONNECTIONS, describeLoad, httpLoad, type HttpLoad } from './modules/stock-query';

export type Report = (figure: {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number } | null;
  target: string | null;
  met: boolean | null;
}) => void;
type Log = (line: string) => void;

interface PushLoad {
  movements: number;
  perSecond: number;
  p50: number;
  p99: number;
  applied: number;
  rejected: number;
  errors: number;
}

const DEVICES = 50;
const BATCH = 50;
/** Devices per instance in the paused-writer figure: a steady load, not a saturating one. */
const OTHER_DEVICES = 4;

/** The shipped site file, as the load generator needs it (see the file comment). */
export function benchGateway(conf: string): string {
  const lifted = conf
    .split('\n')
    .filter((line) => !/^\s*limit_req\s/.test(line))
    .join('\n');
  if (!lifted.includes('hash $remote_addr consistent;'))
    throw new Error('the nginx site file no longer hashes on $remote_addr: update bench/cluster.ts');
  return lifted.replace('hash $remote_addr consistent;', 'hash $remote_addr$remote_port consistent;');
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function seed(url: string): Promise<{ admin: Api; warehouses: Warehouse[]; products: Product[] }> {
  const admin = await Api.login(url);
  const warehouses: Warehouse[] = [];
  for (let i = 0; i < 4; i++) warehouses.push(await admin.createWarehouse());
  const products: Product[] = [];
  for (let i = 0; i < 100; i++) products.push(await admin.createProduct({ barcode: `CLUSTER${i}` }));
  // Every queried row exists, as on a working site (a never-moved row costs two more look-ups).
  for (const w of warehouses) {
    await admin.push(
      products.map((p) => movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1_000_000 })),
    );
  }
  return { admin, warehouses, products };
}

function stockPaths(warehouses: Warehouse[], products: Product[]): string[] {
  return Array.from(
    { length: 800 },
    (_, i) =>
      `/api/v1/stock/${warehouses[i % warehouses.length]!.id}/${products[(i * 7 + (i >> 2)) % products.length]!.id}`,
  );
}

async function stockQueries(url: string, paths: string[], token: string, seconds: number): Promise<HttpLoad> {
  await httpLoad({ url, paths, token, connections: CONNECTIONS, seconds: 2 }); // warm-up: JIT, connections, the read model
  return httpLoad({ url, paths, token, connections: CONNECTIONS, seconds });
}

function pushes(
  url: string,
  token: string,
  seconds: number,
  warehouseId: string,
  productIds: string[],
  devices = DEVICES,
): Child {
  return Child.start('workers/push-load.ts', { url, token, devices, batch: BATCH, seconds, warehouseId, productIds });
}

function describePush(p: PushLoad): string {
  return `${p.movements} movements, ${Math.round(p.perSecond)}/s, batch p50 ${p.p50.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms, ${p.applied} applied, ${p.rejected} rejected, ${p.errors} errors`;
}

async function finish(workers: Child[], seconds: number): Promise<PushLoad[]> {
  try {
    return await Promise.all(workers.map((w) => w.next<PushLoad>('result', (seconds + 60) * 1000)));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** Several workers' results as one: rates and counts add up, latencies are the worst worker's. */
function merge(results: PushLoad[]): PushLoad {
  const sum = (f: (r: PushLoad) => number) => results.reduce((s, r) => s + f(r), 0);
  return {
    movements: sum((r) => r.movements),
    perSecond: sum((r) => r.perSecond),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    applied: sum((r) => r.applied),
    rejected: sum((r) => r.rejected),
    errors: sum((r) => r.errors),
  };
}

/** The bare Express route (baselines/bare-express.ts) behind the same nginx file. */
async function bareBehindNginx(paths: string[], seconds: number): Promise<HttpLoad> {
  const bare = Child.start('baselines/bare-express.ts', {}, { nodeArgs: [...SERVER_NODE_FLAGS] });
  let gateway: Nginx | null = null;
  try {
    const { url } = await bare.next<{ url: string }>('listening');
    gateway = await Nginx.start([new URL(url).host], { rewrite: benchGateway });
    return await stockQueries(gateway.url, paths, '', seconds);
  } finally {
    await gateway?.stop();
    await bare.stop();
  }
}

/** Resolves once the instance's read model has caught up (at once when it has none). */
async function readModelFresh(url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = await (await fetch(`${url}/metrics`, { headers: metricsHeaders })).text();
    const fresh = text
      .split('\n')
      .find((l) => l.startsWith('stockline_read_model_fresh '))
      ?.split(' ')
      .at(-1);
    if (fresh !== '0' || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `memory/database` from one of an instance's counters by answer (or `off`). */
async function answeredFrom(
  url: string,
  metric: 'stockline_read_model_reads' | 'stockline_user_cache_lookups',
): Promise<string> {
  const text = await (await fetch(`${url}/metrics`, { headers: metricsHeaders })).text();
  const count = (answer: string) =>
    text
      .split('\n')
      .find((l) => l.startsWith(`${metric}{answer="${answer}"}`))
      ?.split(' ')
      .at(-1);
  const memory = count('memory');
  return memory === undefined ? 'off' : `${memory}/${count('database') ?? 0}`;
}

/** Sessions of the database inside a transaction (what a paused writer leaves open). */
async function openTransactions(url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const found = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND pid <> pg_backend_pid()`,
    );
    return found.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

async function measure(
  instances: number,
  options: {
    seconds: number;
    profileDir: string | undefined;
    log: Log;
    env?: Record<string, string>;
    queriesOnly?: boolean;
  },
): Promise<{
  queries: HttpLoad;
  pushes: PushLoad | null;
  paused: { pushes: PushLoad; before: PushLoad; openAtPause: number } | null;
  paths: string[];
}> {
  const profile = options.profileDir ? `${options.profileDir}/cluster-${instances}` : undefined;
  if (profile) mkdirSync(profile, { recursive: true });
  const stack = await ClusterStack.start(instances, {
    fastDatabase: false, // a durable database (fsync on), as in production
    gatewayRewrite: benchGateway,
    env: options.env ?? {},
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  });
  try {
    const { admin, warehouses, products } = await seed(stack.url);
    const token = admin.token ?? '';
    const paths = stockPaths(warehouses, products);
    if (options.env?.READ_MODEL_LAG_MS !== '0') await Promise.all(stack.instances.map((i) => readModelFresh(i.url)));
    const queries = await stockQueries(stack.url, paths, token, options.seconds);
    const what = options.env?.READ_MODEL_LAG_MS === '0' ? ', read model off' : '';
    options.log(
      `${instances} instance(s)${what}, GET /api/v1/stock/:w/:p through nginx: ${describeLoad(queries)}; load average ${load()}`,
    );
    options.log(
      `  stock reads per instance, from memory / from the database: ${(await Promise.all(stack.instances.map((i) => answeredFrom(i.url, 'stockline_read_model_reads')))).join(', ')}`,
    );
    options.log(
      `  token checks' users per instance, from memory / from the database: ${(await Promise.all(stack.instances.map((i) => answeredFrom(i.url, 'stockline_user_cache_lookups')))).join(', ')}`,
    );
    if (options.queriesOnly) return { queries, pushes: null, paused: null, paths };

    const productIds = products.slice(0, 10).map((p) => p.id);
    const worker = pushes(stack.url, token, options.seconds, warehouses[0]!.id, productIds);
    const pushed = await worker.next<PushLoad>('result', (options.seconds + 60) * 1000);
    await worker.stop();
    options.log(
      `${instances} instance(s), pushes of ${BATCH} from ${DEVICES} devices through nginx: ${describePush(pushed)}; load average ${load()}`,
    );

    let paused: { pushes: PushLoad; before: PushLoad; openAtPause: number } | null = null;
    if (instances >= 3) {
      // The writer to pause pushes to a warehouse of its own, so what it holds is its own rows;
      // the others push straight to their instances (nginx would also send work to the paused one).
      const victim = stack.instances[0]!;
      const writer = pushes(
        victim.url,
        token,
        2 * options.seconds + 60,
        warehouses[1]!.id,
        products.slice(10, 20).map((p) => p.id),
        8,
      );
      const others = () =>
        stack.instances.slice(1).map((i, n) =>
          pushes(
            i.url,
            token,
            options.seconds,
            warehouses[2 + n]!.id,
            products.slice(20 + 10 * n, 30 + 10 * n).map((p) => p.id),
            OTHER_DEVICES,
          ),
        );
      try {
        const before = merge(await finish(others(), options.seconds));
        options.log(
          `two instances pushing straight to themselves, the third pushing too: ${describePush(before)}; load average ${load()}`,
        );
        victim.pause();
        try {
          const openAtPause = await openTransactions(stack.database.url);
          const during = merge(await finish(others(), options.seconds));
          paused = { pushes: during, before, openAtPause };
          options.log(
            `the same while the third is SIGSTOPped (${openAtPause} transactions open at the pause): ${describePush(during)}; load average ${load()}`,
          );
        } finally {
          victim.resume();
        }
      } finally {
        await writer.stop();
      }
    }
    return { queries, pushes: pushed, paused, paths };
  } finally {
    // V8 writes a CPU profile only on a clean exit: SIGTERM (a drain) before the stack's SIGKILL.
    if (profile) await Promise.all(stack.instances.map((i) => i.stop()));
    await stack.stop();
  }
}

export async function clusterFigures(options: {
  quick: boolean;
  profileDir: string | undefined;
  report: Report;
  log: Log;
}): Promise<void> {
  const missing = postgresMissing() ?? nginxMissing();
  if (missing) {
    options.log(`skipped: ${missing}`);
    return;
  }
  const seconds = Number(process.env.BENCH_SECONDS ?? (options.quick ? 4 : 10));
  buildServerBundle();
  const one = await measure(1, { seconds, profileDir: options.profileDir, log: options.log });
  const three = await measure(3, { seconds, profileDir: options.profileDir, log: options.log });
  // The same queries with every stock row read from the database: what the read model buys.
  const direct = await measure(3, {
    seconds,
    profileDir: undefined,
    log: options.log,
    env: { READ_MODEL_LAG_MS: '0' },
    queriesOnly: true,
  });
  const single = await storePushesOnPostgres({ seconds, devices: 1, batch: BATCH });
  options.log(`the PostgreSQL store in-process, 1 device: ${describeStorePushes(single)}; load average ${load()}`);
  const crowd = await storePushesOnPostgres({ seconds, devices: DEVICES, batch: BATCH });
  options.log(
    `the PostgreSQL store in-process, ${DEVICES} devices: ${describeStorePushes(crowd)}; load average ${load()}`,
  );
  const bare = await bareBehindNginx(one.paths, seconds);
  options.log(`bare Express route behind the same nginx: ${describeLoad(bare)}; load average ${load()}`);

  const ok = (l: HttpLoad) => l.errors === 0 && l.non2xx === 0;
  for (const [n, run] of [
    [1, one],
    [3, three],
  ] as const) {
    options.report({
      name: `stock queries through nginx, ${n} instance${n > 1 ? 's' : ''} on PostgreSQL`,
      value: run.queries.perSecond,
      unit: 'req/s',
      baseline: { name: 'bare Express route behind the same nginx', value: bare.perSecond },
      target: n === 3 ? '>= 0.8x bare' : null,
      met: n === 3 ? ok(run.queries) && run.queries.perSecond >= 0.8 * bare.perSecond : null,
    });
    options.report({
      name: `stock query p99 through nginx, ${n} instance${n > 1 ? 's' : ''}, ${CONNECTIONS} connections`,
      value: run.queries.p99,
      unit: 'ms',
      baseline: { name: 'bare Express p99 behind the same nginx', value: bare.p99 },
      target: n === 3 ? '< 50 ms' : null,
      met: n === 3 ? run.queries.p99 < 50 : null,
    });
  }
  options.report({
    name: 'stock queries through nginx, 3 instances, read model on',
    value: three.queries.perSecond,
    unit: 'req/s',
    baseline: {
      name: 'the same with READ_MODEL_LAG_MS=0 (every row from the database)',
      value: direct.queries.perSecond,
    },
    target: null,
    met: null,
  });
  if (three.pushes && one.pushes) {
    options.report({
      name: 'pushed movements per second through nginx, 3 instances',
      value: three.pushes.perSecond,
      unit: 'mov/s',
      baseline: { name: '1 instance', value: one.pushes.perSecond },
      target: '>= 10,000/s',
      met: three.pushes.errors === 0 && three.pushes.perSecond >= 10_000,
    });
  }
  options.report({
    name: `pushed movements per second through the PostgreSQL store in-process, ${DEVICES} devices on 10 hot rows (no HTTP)`,
    value: crowd.perSecond,
    unit: 'mov/s',
    baseline: { name: '1 device, one batch at a time', value: single.perSecond },
    target: null,
    met: null,
  });
  if (three.paused) {
    options.report({
      name: 'push p99 of two instances while the third is SIGSTOPped',
      value: three.paused.pushes.p99,
      unit: 'ms',
      baseline: { name: 'the same pushes just before the pause', value: three.paused.before.p99 },
      target: '< 200 ms',
      met: three.paused.pushes.errors === 0 && three.paused.pushes.p99 < 200,
    });
  }
}
