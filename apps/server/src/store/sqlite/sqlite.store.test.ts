import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { describeStoreConformance } from '../conformance';
import { openSqliteStore } from './sqlite-store';

// A real file per store (WAL needs one), all under one temporary folder removed at the end.
const dir = mkdtempSync(join(tmpdir(), 'stockline-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The shared suite checks I3 from the outside (rows against listed verdicts). Here every store
 * also checks it against the ledger table itself when the test closes it.
 */
async function open() {
  const store = await openSqliteStore(join(dir, `store-${++n}.db`));
  const close = store.close.bind(store);
  store.close = async () => {
    for (const row of store.auditLedger())
      expect(row.qty, `ledger of ${row.warehouseId}:${row.productId}`).toBe(row.ledgerSum);
    await close();
  };
  return store;
}

describeStoreConformance('sqlite', open);
