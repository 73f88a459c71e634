import { SERVER_NODE_FLAGS } from '@stockline/test/support/server-process';
import { Child, cpuSeconds } from '../support/child';
import type { BenchContext, BenchModule } from '../support/context';
import { BenchServer } from '../support/server';
import { makeWorld, pick } from '../support/world';

export interface HttpLoad {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** autocannon against `url` in a process of its own. */
export async function httpLoad(args: {
  url: string;
  paths: string[];
  token?: string;
  connections: number;
  seconds: number;
}): Promise<HttpLoad> {
  const worker = Child.start('workers/http-load.ts', args);
  try {
    return await worker.next<HttpLoad>('result', (args.seconds + 60) * 1000);
  } finally {
    await worker.stop();
  }
}

export function describeLoad(l: HttpLoad): string {
  return `${l.requests} requests, ${Math.round(l.perSecond)}/s, p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms, ${l.errors} errors, ${l.non2xx} non-2xx`;
}

export const CONNECTIONS = 256;

/**
 * `GET /api/v1/stock/:w/:p`, authenticated and scope-checked, against a bare Express 5 route
 * returning the same JSON, both under autocannon with 256 connections, one after the other.
 */
export const stockQuery: BenchModule = {
  name: 'stock-query',
  what: `stock queries, ${CONNECTIONS} connections, against a bare Express 5 route`,
  async run(ctx: BenchContext) {
    const seconds = ctx.quick ? 3 : 10;
    const server = await BenchServer.start({ cpuProfDir: ctx.profileDir });
    // The baseline runs with the server's V8 flags, so the ratio compares the code, not the heap.
    const bare = Child.start('baselines/bare-express.ts', {}, { nodeArgs: [...SERVER_NODE_FLAGS] });
    try {
      const { url: bareUrl } = await bare.next<{ url: string }>('listening');
      const world = await makeWorld(server.url, { warehouses: 4, products: 200 });
      const paths = Array.from(
        { length: 800 },
        (_, i) => `/${pick(world.warehouses, i).id}/${pick(world.products, i * 7 + (i >> 2)).id}`,
      );
      const token = world.admin.token ?? '';
      // Warm both up: JIT and connection set-up would otherwise land on whichever runs first.
      await httpLoad({ url: bareUrl, paths: paths.map((p) => `/stock${p}`), connections: CONNECTIONS, seconds: 2 });
      await httpLoad({
        url: server.url,
        paths: paths.map((p) => `/api/v1/stock${p}`),
        token,
        connections: CONNECTIONS,
        seconds: 2,
      });
      const baseline = await httpLoad({
        url: bareUrl,
        paths: paths.map((p) => `/stock${p}`),
        connections: CONNECTIONS,
        seconds,
      });
      ctx.report.log(`bare Express 5: ${describeLoad(baseline)}`);
      const cpu0 = await cpuSeconds(server.pid);
      const stock = await httpLoad({
        url: server.url,
        paths: paths.map((p) => `/api/v1/stock${p}`),
        token,
        connections: CONNECTIONS,
        seconds,
      });
      const cpuPerRequestUs = (((await cpuSeconds(server.pid)) - cpu0) * 1e6) / Math.max(1, stock.requests);
      ctx.report.log(`Stockline:      ${describeLoad(stock)}; server CPU ${cpuPerRequestUs.toFixed(0)} µs per request`);
      const ratio = stock.perSecond / baseline.perSecond;
      ctx.report.figure({
        name: 'stock queries per second',
        value: stock.perSecond,
        unit: 'req/s',
        baseline: { name: 'bare Express 5 route, same JSON', value: baseline.perSecond },
        target: '>= 0.8x bare Express',
        met: ratio >= 0.8 && stock.non2xx === 0 && stock.errors === 0,
      });
      ctx.report.figure({
        name: 'server CPU per stock query',
        value: cpuPerRequestUs,
        unit: 'µs',
        baseline: null,
        target: null,
        met: null,
      });
      ctx.report.figure({
        name: `stock query p99, ${CONNECTIONS} connections`,
        value: stock.p99,
        unit: 'ms',
        baseline: { name: 'bare Express 5 p99', value: baseline.p99 },
        target: '< 50 ms',
        met: stock.p99 < 50,
      });
    } finally {
      await bare.stop();
      await server.stop();
    }
  },
};
