import { afterAll, beforeAll, describe, expect } from 'vitest';
import { describeStoreConformance } from '../conformance';
import { openPostgresStore } from './postgres-store';
import { postgresMissing } from './testing/availability';
import { freshSchemaUrl } from './testing/schemas';
import { startTempCluster, type TempCluster } from './testing/temp-cluster';

const missing = postgresMissing();
if (missing) console.warn(`[postgres conformance] skipped: ${missing}`);

describe.skipIf(missing !== null)('postgres adapter (a temporary cluster on a loopback port)', () => {
  let cluster: TempCluster;
  let n = 0;
  beforeAll(async () => {
    cluster = await startTempCluster({ fast: true });
  }, 60_000);
  afterAll(() => cluster?.stop());

  /** Each store has its own schema; closing it also checks I3 against the ledger table. */
  async function open() {
    const store = await openPostgresStore(await freshSchemaUrl(cluster.url, `store_${++n}`), 4);
    const close = store.close.bind(store);
    store.close = async () => {
      for (const row of await store.auditLedger())
        expect(row.qty, `ledger of ${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
      await close();
    };
    return store;
  }

  describeStoreConformance('postgres', open, { propertyRuns: 15 });
});
