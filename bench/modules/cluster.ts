import { clusterFigures } from '../cluster';
import type { BenchContext, BenchModule } from '../support/context';

/** The cluster figures (bench/cluster.ts): PostgreSQL, nginx, one and three instances, same run. */
export const cluster: BenchModule = {
  name: 'cluster',
  what: 'PostgreSQL + nginx: stock queries (1 and 3 instances against a bare route), pushes, a paused writer',
  async run(ctx: BenchContext) {
    await clusterFigures({
      quick: ctx.quick,
      profileDir: ctx.profileDir,
      report: (f) => ctx.report.figure(f),
      log: (line) => ctx.report.log(line),
    });
  },
};
