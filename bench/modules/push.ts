import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../apps/server/src/store/index';
import { movement } from '@stockline/test/support/api';
import { Child, cpuSeconds } from '../support/child';
import type { BenchContext, BenchModule } from '../support/context';
import { BenchServer } from '../support/server';
import { storePushes } from '../support/store-pushes';
import { makeWorld } from '../support/world';

const DEVICES = 50;
const BATCH = 50;
const HOT_PRODUCTS = 10;
const STORM = 200;

interface PushLoad {
  movements: number;
  perSecond: number;
  p50: number;
  p99: number;
  applied: number;
  rejected: number;
  errors: number;
}

/** The same batches applied through the embedded store in this process (support/store-pushes.ts). */
export async function inProcessMovementsPerSecond(
  seconds: number,
): Promise<{ perSecond: number; cpuPerMovementUs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'stockline-bench-store-'));
  const store = await openStore({ kind: 'sqlite', file: join(dir, 'bench.db') });
  try {
    return await storePushes(store, { seconds, devices: DEVICES, batch: BATCH, hotProducts: HOT_PRODUCTS });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const push: BenchModule = {
  name: 'push',
  what: `push from ${DEVICES} devices (batches of ${BATCH}, ${HOT_PRODUCTS} hot products) vs the store in-process; ${STORM}-way oversell storm`,
  async run(ctx: BenchContext) {
    const seconds = ctx.quick ? 3 : 10;
    const server = await BenchServer.start({ cpuProfDir: ctx.profileDir });
    try {
      const world = await makeWorld(server.url, { warehouses: 1, products: HOT_PRODUCTS });
      const warehouseId = world.warehouses[0]!.id;
      const token = world.admin.token ?? '';
      const productIds = world.products.map((p) => p.id);
      const worker = Child.start('workers/push-load.ts', {
        url: server.url,
        token,
        devices: DEVICES,
        batch: BATCH,
        seconds,
        warehouseId,
        productIds,
      });
      const cpu0 = await cpuSeconds(server.pid);
      const load = await worker.next<PushLoad>('result', (seconds + 60) * 1000);
      // The server's CPU (user + system) over the load, per movement: steadier than the rate
      // when other work shares the machine.
      const serverCpuUs = (((await cpuSeconds(server.pid)) - cpu0) * 1e6) / Math.max(1, load.movements);
      await worker.stop();
      ctx.report.log(
        `HTTP: ${load.movements} movements, ${Math.round(load.perSecond)}/s, batch p50 ${load.p50.toFixed(0)} ms, p99 ${load.p99.toFixed(0)} ms, ${load.applied} applied, ${load.rejected} rejected, ${load.errors} errors; server CPU ${serverCpuUs.toFixed(1)} µs per movement`,
      );
      const measured = await inProcessMovementsPerSecond(seconds);
      const inProcess = measured.perSecond;
      ctx.report.log(
        `in-process through the store: ${Math.round(inProcess)}/s, ${measured.cpuPerMovementUs.toFixed(1)} µs CPU per movement (making the batches included)`,
      );
      ctx.report.figure({
        name: 'pushed movements per second',
        value: load.perSecond,
        unit: 'mov/s',
        baseline: { name: 'same batches through the store in-process', value: inProcess },
        target: '>= 20,000/s and >= 0.3x in-process',
        met: load.perSecond >= 20_000 && load.perSecond / inProcess >= 0.3 && load.errors === 0,
      });

      const hot = await world.admin.createProduct();
      await world.admin.push([movement({ type: 'restock', warehouseId, productId: hot.id, quantity: STORM / 2 })]);
      const storm = Child.start('workers/storm.ts', {
        url: server.url,
        token,
        count: STORM,
        warehouseId,
        productId: hot.id,
      });
      const verdicts = await storm.next<{ applied: number; insufficient: number; other: number; p99: number }>(
        'result',
      );
      await storm.stop();
      const row = await world.admin.stock(warehouseId, hot.id);
      const exact =
        verdicts.applied === STORM / 2 && verdicts.insufficient === STORM / 2 && verdicts.other === 0 && row.qty === 0;
      ctx.report.figure({
        name: `oversell storm: ${STORM} purchases of ${STORM / 2} units, applied`,
        value: verdicts.applied,
        unit: 'applied',
        baseline: { name: 'units in stock', value: STORM / 2 },
        target: `exactly ${STORM / 2} applied, ${STORM / 2} insufficient_stock, qty 0`,
        met: exact,
        note: `${verdicts.insufficient} insufficient_stock, ${verdicts.other} other, final qty ${row.qty}, p99 ${verdicts.p99.toFixed(0)} ms`,
      });
    } finally {
      await server.stop();
    }
  },
};
