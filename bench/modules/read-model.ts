import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StockRow } from '@stockline/protocol';
import { openStore } from '../../apps/server/src/store/index';
import { movement } from '@stockline/test/support/api';
import type { BenchContext, BenchModule } from '../support/context';

/**
 * Would a write-through in-memory read model of stock rows beat the SQLite read? Measures one
 * stock row read through the store (a prepared point query on the primary key) against a Map
 * holding the same rows, over 5,000 rows read in a scattered order. The stock-query module reports the
 * server's CPU per request, which this read is a part of.
 */
export const readModel: BenchModule = {
  name: 'read-model',
  what: 'stock row read: SQLite point query vs an in-memory Map of the same rows',
  async run(ctx: BenchContext) {
    const rows = ctx.quick ? 1_000 : 5_000;
    const reads = ctx.quick ? 50_000 : 200_000;
    const dir = mkdtempSync(join(tmpdir(), 'stockline-bench-read-'));
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'read.db') });
    try {
      const now = new Date().toISOString();
      const { warehouse } = await store.createWarehouse({ id: randomUUID(), code: 'R', name: 'Read', now });
      const productIds: string[] = [];
      for (let i = 0; i < rows; i++) productIds.push((await store.createProduct({ id: randomUUID(), sku: `R-${i}`, name: `Read ${i}`, now })).product.id);
      for (let i = 0; i < rows; i += 500) {
        await store.applyMovements({
          userId: randomUUID(),
          scope: { all: true },
          now,
          movements: productIds.slice(i, i + 500).map((productId) => movement({ type: 'restock', warehouseId: warehouse.id, productId, quantity: 5 })),
        });
      }
      const model = new Map<string, StockRow>();
      for (const productId of productIds) model.set(`${warehouse.id}|${productId}`, (await store.getStock(warehouse.id, productId))!);
      const order = Array.from({ length: reads }, (_, i) => productIds[(i * 7919) % rows]!);

      let t0 = performance.now();
      for (const productId of order) await store.getStock(warehouse.id, productId);
      const sqliteUs = ((performance.now() - t0) * 1000) / reads;
      t0 = performance.now();
      for (const productId of order) await Promise.resolve(model.get(`${warehouse.id}|${productId}`));
      const mapUs = ((performance.now() - t0) * 1000) / reads;
      ctx.report.figure({
        name: 'stock row read through the SQLite store',
        value: sqliteUs,
        unit: 'µs/read',
        baseline: { name: 'in-memory Map of the same rows', value: mapUs },
        target: null,
        met: null,
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
