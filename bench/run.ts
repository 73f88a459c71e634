/**
 * `npm run bench [-- --quick] [-- --only NAME,...] [-- --profile DIR]`: measures the sync server
 * against baselines taken in the same run and writes bench/results.json. Benchmarks are not
 * tests: nothing here asserts a time. Each module lives in bench/modules; add yours to MODULES.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Figure, reporter } from './support/figures';
import type { BenchModule } from './support/context';
import { markdownTable } from './support/table';
import { cluster } from './modules/cluster';
import { firstLoad } from './modules/first-load';
import { firstSync } from './modules/first-sync';
import { importFloor } from './modules/import-floor';
import { liveDevices } from './modules/live-devices';
import { office } from './modules/office';
import { push } from './modules/push';
import { readModel } from './modules/read-model';
import { replicaSize } from './modules/replica-size';
import { sockets } from './modules/sockets';
import { stockQuery } from './modules/stock-query';

const MODULES: BenchModule[] = [
  stockQuery,
  readModel,
  push,
  sockets,
  liveDevices,
  office,
  importFloor,
  cluster,
  firstSync,
  replicaSize,
  firstLoad,
];

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const only = values.only?.split(',');
  const chosen = MODULES.filter((m) => !only || only.includes(m.name));
  if (!values['no-build']) {
    console.log('building the server bundle...');
    execFileSync('npm', ['run', 'build', '-w', '@stockline/server'], { cwd: ROOT, stdio: 'ignore' });
  }
  const figures: Figure[] = [];
  const started = Date.now();
  for (const module of chosen) {
    console.log(`\n[${module.name}] ${module.what}`);
    const t0 = Date.now();
    try {
      await module.run({
        quick: values.quick,
        profileDir: values.profile ? resolve(values.profile) : undefined,
        report: reporter(module.name, figures),
      });
    } catch (error) {
      console.log(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      figures.push({
        module: module.name,
        name: 'module failed',
        value: 0,
        unit: '',
        baseline: null,
        ratio: null,
        target: null,
        met: false,
        note: String(error).slice(0, 300),
      });
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(`\n${markdownTable(figures)}`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform,
  };
  const out = join(ROOT, 'bench/results.json');
  if (!only) {
    writeFileSync(
      out,
      JSON.stringify(
        { at: new Date().toISOString(), quick: values.quick, seconds: (Date.now() - started) / 1000, machine, figures },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote bench/results.json (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } else {
    console.log(`\n--only: bench/results.json left as it was (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}

await main();
