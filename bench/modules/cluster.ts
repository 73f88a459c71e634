import { clusterFigures } from '../cluster';
import type { BenchContext, BenchModule } from '../support/context';

/** The cluster figures (bench/cluster.ts): one instance against three behind nginx, same run. */
export const cluster: BenchModule = {
  name: 'cluster',
  what: 'PostgreSQL + nginx: three instances against one',
  async run(ctx: BenchContext) {
    if (ctx.quick) {
      ctx.report.log('skipped in --quick (it starts PostgreSQL, nginx and four server processes)');
      return;
    }
    await clusterFigures(
      (name, value, unit, baselineName, baselineValue) =>
        ctx.report.figure({ name, value, unit, baseline: { name: baselineName, value: baselineValue }, target: null, met: null }),
      (label, f) =>
        ctx.report.log(`${label}: ${f.requests} requests, ${f.errors} errors, ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`),
    );
  },
};
