import { Api } from '@stockline/test/support/api';
import { benchOffice } from '../office';
import type { BenchContext, BenchModule } from '../support/context';
import { BenchServer } from '../support/server';

/** The back office (bench/office.ts): 10,000-line CSV imports and the product list on 100,000 products. */
export const office: BenchModule = {
  name: 'office',
  what: 'CSV product import and catalogue search on 100,000 products',
  async run(ctx: BenchContext) {
    const server = await BenchServer.start({ cpuProfDir: ctx.profileDir });
    try {
      const admin = await Api.login(server.url);
      await benchOffice(
        server.url,
        admin,
        (name, value, unit, baselineName, baselineValue) =>
          ctx.report.figure({
            name,
            value,
            unit,
            baseline: { name: baselineName, value: baselineValue },
            target: null,
            met: null,
          }),
        (label, f) =>
          ctx.report.log(
            `${label}: ${f.requests} requests, ${f.errors} errors, ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`,
          ),
        ctx.quick ? 2 : 5,
      );
    } finally {
      await server.stop();
    }
  },
};
