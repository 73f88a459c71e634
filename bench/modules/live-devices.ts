import { Api } from '@stockline/test/support/api';
import { Child, cpuSeconds } from '../support/child';
import type { BenchContext, BenchModule } from '../support/context';
import { BENCH_PASSWORD, BenchServer } from '../support/server';
import { makeWorld } from '../support/world';

const PER_SECOND = 100;
const METRICS_TOKEN = 'bench-metrics-token-live-devices';

/**
 * From the server's /metrics: sync pulls answered so far and how many shared another pull's read;
 * its event-loop delay since the previous scrape (prom-client resets it on every scrape).
 */
async function serverMetrics(
  url: string,
): Promise<{ all: number; shared: number; loopP99Ms: number; loopMaxMs: number }> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  const pulls = (shared: string) => value(`stockline_sync_pulls_total\\{shared="${shared}"\\}`) || 0;
  return {
    all: pulls('true') + pulls('false'),
    shared: pulls('true'),
    loopP99Ms: value('stockline_nodejs_eventloop_lag_p99_seconds') * 1000,
    loopMaxMs: value('stockline_nodejs_eventloop_lag_max_seconds') * 1000,
  };
}

interface DeviceStats {
  pulls: number;
  bytes: number;
  pokes: number;
  skipped: number;
  failures: number;
  lastFailure: string;
  cpuSeconds: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

function spread(values: number[]): string {
  const known = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!known.length) return 'n/a';
  return `${known[Math.floor(known.length / 2)]!.toFixed(0)} / ${known.at(-1)!.toFixed(0)}`;
}

/**
 * 1,000 devices that behave like replicas (poke -> pull) connected to one warehouse while 100
 * movements a second are pushed there. Reports pulls, bytes and server CPU, and how long after
 * the last push every device held the final state.
 */
export const liveDevices: BenchModule = {
  name: 'live-devices',
  what: `1,000 live devices on one warehouse while ${PER_SECOND} movements/s are pushed`,
  async run(ctx: BenchContext) {
    const count = ctx.quick ? 300 : 1_000;
    const seconds = ctx.quick ? 4 : 15;
    const server = await BenchServer.start({ cpuProfDir: ctx.profileDir, env: { METRICS_TOKEN } });
    try {
      const world = await makeWorld(server.url, { warehouses: 2, products: 200 });
      const w = world.warehouses[0]!;
      await world.admin.createUser({
        username: 'bench-clerk',
        role: 'clerk',
        warehouseIds: [w.id],
        password: BENCH_PASSWORD,
      });
      const clerk = await Api.login(server.url, 'bench-clerk', BENCH_PASSWORD);
      // With --profile, the devices' process is profiled too (the largest CPU.*.cpuprofile not the server's; tsx's loader thread writes a small one too).
      const profile = ctx.profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${ctx.profileDir}`] } : {};
      const devices = Child.start(
        'workers/devices.ts',
        { url: server.url, token: clerk.token, count, settleMs: 50 },
        profile,
      );
      try {
        const up = await devices.next<{ seconds: number }>('connected', 300_000);
        ctx.report.log(`${count} devices connected and pulled in ${up.seconds.toFixed(1)} s`);
        await new Promise((r) => setTimeout(r, 1_000));
        const pusher = Child.start('workers/paced-push.ts', {
          url: server.url,
          token: world.admin.token,
          perSecond: PER_SECOND,
          seconds,
          warehouseId: w.id,
          productIds: world.products.map((p) => p.id),
        });
        // The window opens when the pusher is loaded and starts sending, not when its process starts.
        await pusher.next('started', 120_000);
        const before = await devices.request<DeviceStats>({ type: 'stats' });
        const served0 = await serverMetrics(server.url);
        const cpu0 = await cpuSeconds(server.pid);
        const t0 = performance.now();
        const pushed = await pusher.next<{
          pushed: number;
          errors: number;
          retried: number;
          lastError: string;
          lastReplyAt: number;
        }>('result', (seconds + 240) * 1000);
        await pusher.stop();
        const target = (await clerk.pull('stock', { limit: 1000 })).checkpoint.seq;
        const converged = await devices.request<{
          delays: number[];
          poked: number[];
          pullStarted: number[];
          missing: number;
        }>({ type: 'converged', target, since: pushed.lastReplyAt, timeoutMs: 30_000 }, 60_000);
        const elapsed = (performance.now() - t0) / 1000;
        const cpu = (await cpuSeconds(server.pid)) - cpu0;
        const served1 = await serverMetrics(server.url);
        // The converged request returns once all devices are there, so the window ends then.
        const after = await devices.request<DeviceStats>({ type: 'stats' });
        if (pushed.errors || pushed.retried)
          ctx.report.log(
            `pushes retried after a transport error: ${pushed.retried}; failed twice: ${pushed.errors}, last: ${pushed.lastError}`,
          );
        if (after.failures) ctx.report.log(`device failures (retried): ${after.failures}, last: ${after.lastFailure}`);
        const pulls = after.pulls - before.pulls;
        const worst = converged.delays.length ? Math.max(...converged.delays) : Number.NaN;
        // Where the time after the last push went, so a slow figure says whether the server's
        // poke, the pulls or the devices' own process (all 1,000 share one) held it up.
        ctx.report.log(
          `after the last push (median / max ms): poke announcing it ${spread(converged.poked)}; its pull started ${spread(converged.pullStarted)}; converged ${spread(converged.delays)}`,
        );
        const served = served1.all - served0.all;
        ctx.report.log(
          `server: ${((cpu * 1000) / Math.max(pulls, 1)).toFixed(2)} CPU ms per device pull (pushes included); ${served} pulls answered, ${(((served1.shared - served0.shared) / Math.max(served, 1)) * 100).toFixed(0)}% shared another pull's read; event-loop delay p99 ${served1.loopP99Ms.toFixed(0)} ms, max ${served1.loopMaxMs.toFixed(0)} ms`,
        );
        ctx.report.log(
          `device process: ${(after.cpuSeconds - before.cpuSeconds).toFixed(1)} CPU s over ${elapsed.toFixed(1)} s; event-loop delay p99 ${after.loopDelayP99Ms.toFixed(0)} ms, max ${after.loopDelayMaxMs.toFixed(0)} ms`,
        );
        ctx.report.log(
          `${pushed.pushed} pushes (${pushed.errors} errors) in ${seconds} s; ${pulls} pulls, ${after.pokes - before.pokes} pokes received (${after.skipped - before.skipped} skipped), ${((after.bytes - before.bytes) / 1e6).toFixed(1)} MB pulled, server CPU ${cpu.toFixed(1)} s over ${elapsed.toFixed(1)} s`,
        );
        ctx.report.figure({
          name: `pulls per second, ${count} devices`,
          value: pulls / elapsed,
          unit: 'pulls/s',
          baseline: { name: 'one pull per movement per device', value: PER_SECOND * count },
          target: 'bounded (the server pokes one audience for at most 1,000 pulls/s)',
          met: pulls / elapsed <= 1_250,
        });
        ctx.report.figure({
          name: 'bytes pulled per second',
          value: (after.bytes - before.bytes) / elapsed,
          unit: 'B/s',
          baseline: null,
          target: null,
          met: null,
        });
        ctx.report.figure({
          name: 'server CPU while serving them',
          value: cpu / elapsed,
          unit: 'cores',
          baseline: null,
          target: null,
          met: null,
        });
        ctx.report.figure({
          name: 'every device converged after the last push',
          value: worst,
          unit: 'ms',
          baseline: null,
          target: '< 2,000 ms, all devices',
          met: converged.missing === 0 && worst < 2_000,
          note: `${converged.missing} devices never reached seq ${target}`,
        });
      } finally {
        await devices.stop();
      }
    } finally {
      await server.stop();
    }
  },
};
