import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../apps/server/src/store/index';
import { toStock, type StockDbRow } from '../../apps/server/src/store/core/rows';
import { movement } from '@stockline/test/support/api';
import type { BenchContext, BenchModule } from '../support/context';

/**
 * The stock read model (apps/server/src/store/sqlite/stock-rows.ts): one stock row read through
 * the store's `getStock`, which serves rows from memory once read (plus its freshness check and
 * the copy into a protocol document), against the read it replaced: the same prepared point
 * query on the primary key and the same copy, on a second connection to the same file. 5,000
 * rows read in a scattered order, both through an `await`, after one warm-up pass each. The
 * stock-query module reports the server's CPU per request, which this read is a part of.
 */
export const readModel: BenchModule = {
  name: 'read-model',
  what: "stock row read: the store's getStock (read model) vs the SQLite point query it replaced",
  async run(ctx: BenchContext) {
    const rows = ctx.quick ? 1_000 : 5_000;
    const reads = ctx.quick ? 50_000 : 200_000;
    const dir = mkdtempSync(join(tmpdir(), 'stockline-bench-read-'));
    const file = join(dir, 'read.db');
    const store = await openStore({ kind: 'sqlite', file });
    const direct = new Database(file);
    try {
      const now = new Date().toISOString();
      const { warehouse } = await store.createWarehouse({ id: randomUUID(), code: 'R', name: 'Read', now });
      const productIds: string[] = [];
      for (let i = 0; i < rows; i++)
        productIds.push(
          (await store.createProduct({ id: randomUUID(), sku: `R-${i}`, name: `Read ${i}`, now })).product.id,
        );
      for (let i = 0; i < rows; i += 500) {
        await store.applyMovements({
          userId: randomUUID(),
          scope: { all: true },
          now,
          movements: productIds
            .slice(i, i + 500)
            .map((productId) => movement({ type: 'restock', warehouseId: warehouse.id, productId, quantity: 5 })),
        });
      }
      const point = direct.prepare('SELECT * FROM stock WHERE warehouse_id = ? AND product_id = ?');
      const sqliteRead = async (productId: string) => {
        const row = point.get(warehouse.id, productId) as StockDbRow | undefined;
        return row ? toStock(row) : null;
      };
      const order = Array.from({ length: reads }, (_, i) => productIds[(i * 7919) % rows]!);
      for (const productId of productIds) {
        await store.getStock(warehouse.id, productId);
        await sqliteRead(productId);
      }

      let t0 = performance.now();
      for (const productId of order) await store.getStock(warehouse.id, productId);
      const modelUs = ((performance.now() - t0) * 1000) / reads;
      t0 = performance.now();
      for (const productId of order) await sqliteRead(productId);
      const sqliteUs = ((performance.now() - t0) * 1000) / reads;
      ctx.report.figure({
        name: "stock row read through the store's getStock (read model)",
        value: modelUs,
        unit: 'µs/read',
        baseline: { name: 'the SQLite point query it replaced', value: sqliteUs },
        target: null,
        met: null,
      });
    } finally {
      direct.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
