import { Api } from '@stockline/test/support/api';
import { TEST_ADMIN_PASSWORD } from '@stockline/test/support/server-process';
import { ensureWebBuild } from '../../test/e2e/support/web-build';
import { Child } from '../support/child';
import type { BenchContext, BenchModule } from '../support/context';
import { BENCH_PASSWORD, BenchServer } from '../support/server';
import type { Still } from '../workers/first-sync-stands';
import { WAREHOUSES, idbSummary, plainDownload, seed } from './replica-size';

interface TimedFirstSync {
  seconds: number;
  samples: { s: number; progress: number }[];
  idb: Record<string, number>;
  pullSpan: { firstPullAt: number; lastAnswerAt: number; pulls: number };
  /** The same products and stock documents put with plain IndexedDB, same indexes, in the same page. */
  floor: { seconds: number; documents: number };
  /** The longest time the bar showed one value, from changes stamped in the page. */
  longestStillInPage: number;
  /** The longest stands, each placed among the pulls in flight. */
  stills: Still[];
  /** Each collection's first pull sent/answered and the bar's first move, from its appearance. */
  start: string;
  error?: string;
}

/** The longest time the progress bar showed one value, from the worker's 100 ms samples. */
function longestStall(samples: { s: number; progress: number }[]): number {
  let longest = 0;
  let since = samples[0]?.s ?? 0;
  for (let k = 1; k < samples.length; k++) {
    if (samples[k]!.progress !== samples[k - 1]!.progress) {
      longest = Math.max(longest, samples[k]!.s - since);
      since = samples[k]!.s;
    }
  }
  return Math.max(longest, (samples.at(-1)?.s ?? since) - since);
}

/**
 * A fresh browser replica's first sync (the built web app in Debian's Chromium, signed in on the
 * login screen, timed to the status bar in sync), for an admin and for a one-warehouse clerk,
 * each beside the same pull pages fetched with plain `fetch` and its own token in the same run.
 */
export const firstSync: BenchModule = {
  name: 'first-sync',
  what: "admin's and a one-warehouse clerk's first sync in Chromium (20,000 products, 100,000 stock rows), each against a plain fetch of the same pages",
  async run(ctx: BenchContext) {
    const products = ctx.quick ? 2_000 : 20_000;
    if (ctx.quick)
      ctx.report.log(
        `--quick: scaled down 10x (${products.toLocaleString()} products, ${(products * WAREHOUSES).toLocaleString()} stock rows)`,
      );
    ensureWebBuild();
    const server = await BenchServer.start({
      cpuProfDir: ctx.profileDir,
      env: { IMPORT_LIMIT_BYTES: String(64 * 1024 * 1024) },
    });
    const browser = Child.start('workers/replica-browser.ts', { url: server.url, profileDir: ctx.profileDir });
    try {
      const admin = await Api.login(server.url);
      const warehouses = await seed(server.url, admin, products);
      await admin.createUser({
        username: 'bench-clerk',
        role: 'clerk',
        warehouseIds: [warehouses[0]!.id],
        password: BENCH_PASSWORD,
      });
      const clerk = await Api.login(server.url, 'bench-clerk', BENCH_PASSWORD);
      const runs = [
        {
          who: 'admin',
          username: 'admin',
          password: TEST_ADMIN_PASSWORD,
          token: admin.token as string,
          collections: undefined,
          target: 3,
        },
        {
          who: 'one-warehouse clerk',
          username: 'bench-clerk',
          password: BENCH_PASSWORD,
          token: clerk.token as string,
          collections: ['products', 'warehouses', 'stock', 'movements'],
          target: 2,
        },
      ];
      for (const run of runs) {
        const plain = await plainDownload(server.url, run.token, run.collections);
        const split = Object.entries(plain.perCollection)
          .map(([c, n]) => `${c} ${n.toLocaleString()}`)
          .join(', ');
        ctx.report.log(
          `${run.who}: plain fetch of the same pull pages: ${plain.docs.toLocaleString()} documents (${split}) in ${plain.seconds.toFixed(2)} s`,
        );
        const synced = await browser.request<TimedFirstSync>(
          {
            type: 'timedFirstSync',
            username: run.username,
            password: run.password,
            timeoutMs: 600_000,
            profileName: `first-sync-${run.username}`,
          },
          900_000,
        );
        if (synced.error) throw new Error(synced.error);
        ctx.report.log(
          `${run.who}: IndexedDB requests during the first sync (per document pulled): ${idbSummary(synced.idb, plain.docs)}`,
        );
        const span = synced.pullSpan;
        ctx.report.log(
          `${run.who}: from the click: first pull sent at ${span.firstPullAt.toFixed(2)} s, last of ${span.pulls} pull answers at ${span.lastAnswerAt.toFixed(2)} s, in sync at ${synced.seconds.toFixed(2)} s`,
        );
        ctx.report.log(
          `${run.who}: storage floor in the same page: the ${synced.floor.documents.toLocaleString()} products and stock documents put again with plain IndexedDB (same key and indexes, 200 per transaction, no reads) in ${synced.floor.seconds.toFixed(2)} s (${(synced.floor.seconds / plain.seconds).toFixed(1)}x the plain fetch)`,
        );
        const stall = synced.longestStillInPage;
        ctx.report.log(
          `${run.who}: progress bar: longest at one value ${stall.toFixed(2)} s (changes stamped in the page); sampled from here every 100 ms: ${synced.samples.length} samples, longest at one value ${longestStall(synced.samples).toFixed(2)} s`,
        );
        ctx.report.log(`${run.who}: first pulls sent/answered (s from the bar's appearance): ${synced.start}`);
        for (const still of synced.stills)
          ctx.report.log(
            `${run.who}: bar still ${still.seconds.toFixed(2)} s from ${still.at.toFixed(2)} s after it appeared (${still.from?.toFixed(4)} -> ${still.to === null ? 'done' : still.to.toFixed(4)}), ${still.during}; ${still.writes.count} IndexedDB writes overlapping it, the longest ${still.writes.longest.toFixed(2)} s (${still.writes.store})`,
          );
        ctx.report.figure({
          name: `${run.who}'s first sync in Chromium (${plain.docs.toLocaleString()} documents)`,
          value: synced.seconds,
          unit: 's',
          baseline: { name: 'plain fetch of the same pull pages', value: plain.seconds },
          target: `≤ ${run.target}× the plain fetch, progress bar never still > 1 s`,
          met: synced.seconds <= run.target * plain.seconds && stall <= 1,
          note: 'sign-in click to the status bar online with no progress bar',
        });
      }
    } finally {
      await browser.stop();
      await server.stop();
    }
  },
};
