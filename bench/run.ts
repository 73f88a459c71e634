/**
 * `npm run bench`: measures the sync server against baselines taken in the same run, and writes
 * bench/results.json. Benchmarks are not tests: nothing here asserts a time.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Product } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';
import { ServerProcess } from '@stockline/test/support/server-process';
import { clusterFigures } from './cluster';
import { closedLoop, type LoadFigures } from './load';
import { rawSqliteMovementsPerSecond } from './sqlite-baseline';

const ROOT = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 128);

interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: { name: string; value: number };
  /** value / baseline.value */
  ratio: number;
}

const figures: Figure[] = [];
function report(name: string, value: number, unit: string, baselineName: string, baselineValue: number): void {
  const ratio = value / baselineValue;
  figures.push({ name, value, unit, baseline: { name: baselineName, value: baselineValue }, ratio });
  console.log(`${name}: ${value.toFixed(1)} ${unit}  | baseline ${baselineName}: ${baselineValue.toFixed(1)} ${unit}  | ratio ${ratio.toFixed(2)}`);
}

function show(label: string, f: LoadFigures): void {
  console.log(`  ${label}: ${f.requests} requests, ${f.errors} errors, ${f.perSecond.toFixed(0)}/s, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max.toFixed(1)} ms`);
}

async function main(): Promise<void> {
  console.log('building the server bundle...');
  execFileSync('npm', ['run', 'build', '-w', '@stockline/server'], { cwd: ROOT, stdio: 'ignore' });
  const server = await ServerProcess.start({
    entry: join(ROOT, 'apps/server/dist/main.js'),
    env: { NODE_ENV: 'production', LOG_LEVEL: 'error', RATE_LIMIT_API: '100000000', RATE_LIMIT_LOGIN: '100000' },
  });
  try {
    const admin = await Api.login(server.url);
    const warehouses = await Promise.all(Array.from({ length: 4 }, () => admin.createWarehouse()));
    const products: Product[] = [];
    for (let i = 0; i < 200; i++) products.push(await admin.createProduct({ barcode: `BENCH${i}` }));
    for (const w of warehouses) {
      await admin.push(products.map((p) => movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: 1_000_000 })));
    }
    const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
    const get = (path: string) => async () => (await fetch(server.url + path, { headers: { authorization: `Bearer ${admin.token}` } })).ok;

    console.log(`\nstock queries, ${CONCURRENCY} concurrent clients, ${SECONDS}s each, after a warm-up of both`);
    // JIT and connection set-up would otherwise land on whichever phase runs first.
    await closedLoop(CONCURRENCY, 1, (_, i) => get(`/healthz?${i}`)());
    await closedLoop(CONCURRENCY, 1, (c, i) => get(`/api/v1/stock/${pick(warehouses, c).id}/${pick(products, i).id}`)());
    const health = await closedLoop(CONCURRENCY, SECONDS, (_, i) => get(`/healthz?${i}`)());
    show('GET /healthz (baseline)', health);
    const stock = await closedLoop(CONCURRENCY, SECONDS, (c, i) =>
      get(`/api/v1/stock/${pick(warehouses, c).id}/${pick(products, i * 7 + c).id}`)(),
    );
    show('GET /api/v1/stock/:w/:p', stock);
    report('stock query p99', stock.p99, 'ms', 'healthz p99', health.p99);
    report('stock queries per second', stock.perSecond, 'req/s', 'healthz per second', health.perSecond);

    console.log('\npushing movements, batches of 100 restocks, one client');
    const batches = 50;
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      await admin.push(
        Array.from({ length: 100 }, (_, i) =>
          movement({ type: 'restock', warehouseId: pick(warehouses, b).id, productId: pick(products, i).id, quantity: 1 }),
        ),
      );
    }
    const pushed = (batches * 100) / ((performance.now() - t0) / 1000);
    report('pushed movements per second', pushed, 'mov/s', 'raw SQLite same writes', rawSqliteMovementsPerSecond(batches, 100));

    console.log('\n200 concurrent single-unit purchases');
    const hot = await admin.createProduct();
    await admin.push([movement({ type: 'restock', warehouseId: pick(warehouses, 0).id, productId: hot.id, quantity: 100 })]);
    const buyOne = (productId: string) => async () => {
      const r = await admin.push([movement({ type: 'purchase', warehouseId: pick(warehouses, 0).id, productId, quantity: 1 })]);
      return r.results.length === 1;
    };
    const contended = await closedLoop(200, 30, buyOne(hot.id), 200);
    show('one row, 100 in stock', contended);
    const spread = await closedLoop(200, 30, (c) => buyOne(pick(products, c).id)(), 200);
    show('200 different rows', spread);
    report('contended purchase p99', contended.p99, 'ms', 'uncontended purchase p99', spread.p99);
  } finally {
    await server.dispose();
  }
  await clusterFigures(report, show);
  const out = join(ROOT, 'bench/results.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, id: randomUUID(), figures }, null, 2) + '\n');
  console.log(`\nwrote bench/results.json`);
}

await main();
