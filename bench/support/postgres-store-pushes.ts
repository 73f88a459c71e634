import { openPostgresStore } from '../../apps/server/src/store/postgres/postgres-store';
import { startTempCluster } from '../../apps/server/src/store/postgres/testing/temp-cluster';
import { storePushes, type StorePushes } from './store-pushes';

/**
 * Hot batches (10 rows) through the PostgreSQL store in this process, no HTTP, on a fresh durable
 * database: what the push transaction itself costs, apart from the instances, nginx and the load
 * generator (the cluster module runs it with one device and with many).
 */
export async function storePushesOnPostgres(shape: {
  seconds: number;
  devices: number;
  batch: number;
}): Promise<StorePushes> {
  const database = await startTempCluster({ fast: false });
  try {
    const store = await openPostgresStore(database.url, 10);
    try {
      return await storePushes(store, { ...shape, hotProducts: 10 });
    } finally {
      await store.close();
    }
  } finally {
    await database.stop();
  }
}

export function describeStorePushes(p: StorePushes): string {
  return `${Math.round(p.perSecond)} movements/s, ${p.msPerBatch.toFixed(1)} ms per batch, this process's CPU ${p.cpuPerMovementUs.toFixed(0)} µs per movement`;
}
