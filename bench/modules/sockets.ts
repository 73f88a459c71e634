import { Api, movement } from '@stockline/test/support/api';
import { SERVER_NODE_FLAGS } from '@stockline/test/support/server-process';
import { Child } from '../support/child';
import type { BenchContext, BenchModule } from '../support/context';
import { BENCH_PASSWORD, BenchServer } from '../support/server';
import { makeWorld, pick } from '../support/world';
import { CONNECTIONS, describeLoad, httpLoad } from './stock-query';

interface Collected {
  delays: number[];
  missing: number;
  connected: number;
}

const clock = () => performance.timeOrigin + performance.now();

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const median = (xs: number[]) => percentile(xs, 0.5);

/** Receipt delays of one fan-out, measured from just before `trigger` was called. */
async function fanOut(clients: Child, trigger: () => Promise<unknown>): Promise<Collected & { triggerMs: number }> {
  await clients.request({ type: 'arm' });
  const since = clock();
  await trigger();
  const triggerMs = clock() - since;
  return { ...(await clients.request<Collected>({ type: 'collect', since, timeoutMs: 30_000 }, 60_000)), triggerMs };
}

/**
 * 10,000 Socket.IO clients (one process of their own) connected as managers of one warehouse:
 * stock queries while they stay connected, and a low-stock alert's poke fanned out to all of them
 * against a bare Socket.IO broadcast to the same number of clients.
 */
export const sockets: BenchModule = {
  name: 'sockets',
  what: '10,000 connected managers: stock queries meanwhile, and alert fan-out vs a bare Socket.IO broadcast',
  async run(ctx: BenchContext) {
    const count = ctx.quick ? 2_000 : 10_000;
    const rounds = ctx.quick ? 2 : 5;
    const seconds = ctx.quick ? 3 : 10;

    // Baseline first: a bare Socket.IO server and the same number of clients.
    const bare = Child.start('baselines/bare-socketio.ts', {}, { nodeArgs: [...SERVER_NODE_FLAGS] });
    const bareP99s: number[] = [];
    try {
      const { url } = await bare.next<{ url: string }>('listening');
      const clients = Child.start('workers/sockets.ts', { url, count, event: 'poke', match: 'alerts' });
      try {
        const up = await clients.next<{ seconds: number }>('connected', 300_000);
        ctx.report.log(`bare Socket.IO: ${count} clients connected in ${up.seconds.toFixed(1)} s`);
        for (let r = 0; r < rounds; r++) {
          const got = await fanOut(clients, () => bare.request({ type: 'broadcast', seq: r }));
          bareP99s.push(percentile(got.delays, 0.99));
          ctx.report.log(
            `  broadcast ${r + 1}: p50 ${percentile(got.delays, 0.5).toFixed(0)} ms, p99 ${percentile(got.delays, 0.99).toFixed(0)} ms, ${got.missing} missing`,
          );
        }
      } finally {
        await clients.stop();
      }
    } finally {
      await bare.stop();
    }

    const server = await BenchServer.start({ cpuProfDir: ctx.profileDir });
    try {
      const world = await makeWorld(server.url, { warehouses: 1, products: 200 });
      const w = world.warehouses[0]!;
      await world.admin.createUser({
        username: 'bench-manager',
        role: 'manager',
        warehouseIds: [w.id],
        password: BENCH_PASSWORD,
      });
      const manager = await Api.login(server.url, 'bench-manager', BENCH_PASSWORD);
      const paths = Array.from({ length: 400 }, (_, i) => `/api/v1/stock/${w.id}/${pick(world.products, i * 7).id}`);
      const token = manager.token ?? '';
      await httpLoad({ url: server.url, paths, token, connections: CONNECTIONS, seconds: 2 });
      const alone = await httpLoad({ url: server.url, paths, token, connections: CONNECTIONS, seconds });
      ctx.report.log(`stock queries with no sockets connected: ${describeLoad(alone)}`);
      const clients = Child.start('workers/sockets.ts', {
        url: server.url,
        auth: { token: manager.token },
        count,
        event: 'poke',
        match: 'alerts',
      });
      try {
        const up = await clients.next<{ seconds: number }>('connected', 300_000);
        ctx.report.log(`Stockline: ${count} managers connected in ${up.seconds.toFixed(1)} s`);

        const load = await httpLoad({ url: server.url, paths, token, connections: CONNECTIONS, seconds });
        ctx.report.log(`stock queries with ${count} sockets connected: ${describeLoad(load)}`);
        ctx.report.figure({
          name: `stock query p99 with ${count} sockets connected`,
          value: load.p99,
          unit: 'ms',
          baseline: { name: 'same queries, no sockets connected, p99', value: alone.p99 },
          target: '< 200 ms',
          met: load.p99 < 200 && load.non2xx === 0 && load.errors === 0,
          note: `${Math.round(load.perSecond)} req/s`,
        });

        const p99s: number[] = [];
        const triggerMs: number[] = [];
        for (let r = 0; r < rounds; r++) {
          // A threshold above the row's quantity raises an alert in the same write.
          const product = world.products[r]!;
          await world.admin.push([
            movement({ type: 'purchase', warehouseId: w.id, productId: product.id, quantity: 999_990 }),
          ]);
          // Pokes to one audience are spaced (see the server's pokes.ts); a lone alert is measured.
          await new Promise((r) => setTimeout(r, 1_100));
          const got = await fanOut(clients, () => manager.setThreshold(w.id, product.id, 100));
          p99s.push(percentile(got.delays, 0.99));
          triggerMs.push(got.triggerMs);
          ctx.report.log(
            `  alert ${r + 1}: p50 ${percentile(got.delays, 0.5).toFixed(0)} ms, p99 ${percentile(got.delays, 0.99).toFixed(0)} ms, ${got.missing} missing, ${got.connected} connected; the write's own request took ${got.triggerMs.toFixed(0)} ms`,
          );
        }
        ctx.report.figure({
          name: `alert poke to ${count} managers, p99 (median of ${rounds})`,
          value: median(p99s),
          unit: 'ms',
          baseline: { name: 'bare Socket.IO broadcast p99 (median)', value: median(bareP99s) },
          target: '<= 1.3x bare broadcast',
          met: median(p99s) <= 1.3 * median(bareP99s),
          note: `measured from before the alert-raising HTTP write (its own reply: median ${median(triggerMs).toFixed(0)} ms) vs from before the bare broadcast's IPC message`,
        });
      } finally {
        await clients.stop();
      }
    } finally {
      await server.stop();
    }
  },
};
