import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { newMovement as mv, NOW } from '../conformance/fixture';
import { inspectFile } from './inspect';
import { openSqliteStore } from './sqlite-store';

const dir = mkdtempSync(join(tmpdir(), 'stockline-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the stock = ledger audit names exactly the rows whose quantity is not the sum of their legs', async () => {
  const file = join(dir, 'audit.db');
  const store = await openSqliteStore(file);
  const w = (await store.createWarehouse({ id: randomUUID(), code: 'A', name: 'A', now: NOW })).warehouse.id;
  const w2 = (await store.createWarehouse({ id: randomUUID(), code: 'B', name: 'B', now: NOW })).warehouse.id;
  const [p, q, r] = await Promise.all(
    ['P', 'Q', 'R'].map(
      async (sku) => (await store.createProduct({ id: randomUUID(), sku, name: sku, now: NOW })).product.id,
    ),
  );
  const push = (movements: ReturnType<typeof mv.restock>[]) =>
    store.applyMovements({ userId: 'u', scope: { all: true }, now: NOW, movements });
  await push([mv.restock(w, p!, 7), mv.purchase(w, p!, 2), mv.restock(w, q!, 3), mv.transfer(w, w2, q!, 1)]);
  await store.setThreshold({ warehouseId: w, productId: r!, threshold: 4, now: NOW }); // a row with no legs
  expect(store.auditLedger().map((a) => a.qty === a.ledgerSum)).toEqual([true, true, true, true]);
  await store.close();
  expect(inspectFile(file).ledgerMismatches).toEqual([]);

  // Written past the store: one row off its legs, one row with no legs at all.
  const raw = new Database(file);
  raw.prepare('UPDATE stock SET qty = 9 WHERE warehouse_id = ? AND product_id = ?').run(w, p);
  raw.prepare('UPDATE stock SET qty = 1 WHERE warehouse_id = ? AND product_id = ?').run(w, r);
  raw.close();
  const mismatches = inspectFile(file).ledgerMismatches;
  expect(mismatches).toHaveLength(2);
  expect(mismatches).toEqual(
    expect.arrayContaining([
      { warehouseId: w, productId: p, qty: 9, ledgerSum: 5 },
      { warehouseId: w, productId: r, qty: 1, ledgerSum: 0 },
    ]),
  );
});
