import { randomUUID } from 'node:crypto';
import type { Store } from '../../apps/server/src/store/core/port';
import { movement } from '@stockline/test/support/api';
import { hotBatch } from './movements';

export interface StorePushes {
  perSecond: number;
  /** Wall time per batch, as one device sees it. */
  msPerBatch: number;
  /** This process's CPU (user + system) per movement, making the batches included. */
  cpuPerMovementUs: number;
}

/**
 * Batches applied through a store in this process, no HTTP, no JSON, no auth: what the guarded
 * writes themselves cost. `devices` loops push at once, each waiting for its batch's answer; on
 * the embedded store they take turns (one writer), on PostgreSQL they meet on the rows' locks.
 * Seeds one warehouse and `hotProducts` products with plenty in stock first.
 */
export async function storePushes(
  store: Store,
  shape: { seconds: number; devices: number; batch: number; hotProducts: number },
): Promise<StorePushes> {
  const now = () => new Date().toISOString();
  const { warehouse } = await store.createWarehouse({ id: randomUUID(), code: 'HOT', name: 'Hot', now: now() });
  const productIds: string[] = [];
  for (let i = 0; i < shape.hotProducts; i++)
    productIds.push(
      (await store.createProduct({ id: randomUUID(), sku: `HOT-${i}`, name: `Hot ${i}`, now: now() })).product.id,
    );
  const userId = randomUUID();
  await store.applyMovements({
    userId,
    scope: { all: true },
    now: now(),
    movements: productIds.map((productId) =>
      movement({ type: 'restock', warehouseId: warehouse.id, productId, quantity: 1_000_000 }),
    ),
  });
  let applied = 0;
  let batches = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const deadline = start + shape.seconds * 1000;
  await Promise.all(
    Array.from({ length: shape.devices }, async (_, device) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const movements = hotBatch({
          warehouseId: warehouse.id,
          productIds,
          deviceId: `device-${device}`,
          size: shape.batch,
          offset: n * shape.batch + device,
        });
        const { verdicts } = await store.applyMovements({ userId, scope: { all: true }, now: now(), movements });
        applied += verdicts.length;
        batches += 1;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: applied / elapsed,
    msPerBatch: (1000 * elapsed * shape.devices) / Math.max(1, batches),
    cpuPerMovementUs: (cpu.user + cpu.system) / Math.max(1, applied),
  };
}
