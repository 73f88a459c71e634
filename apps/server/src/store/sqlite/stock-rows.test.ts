import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { MovementInput, StockRow } from '@stockline/protocol';
import { newMovement as mv, NOW } from '../conformance/fixture';
import { toStock, type StockDbRow } from '../core/rows';
import { openSqliteStore, type SqliteStore } from './sqlite-store';
import type { ExternalWrites } from './external-writes';
import { StockRows } from './stock-rows';

const ALL = { all: true } as const;

/**
 * The stock read model (stock-rows.ts) against the table itself: every read through the store is
 * compared with a direct read on a second connection, after each way a stock row is written,
 * after batches that roll back, and after another process commits.
 */
describe('stock rows served from memory by the SQLite store', () => {
  let dir: string;
  let store: SqliteStore;
  let file: string;
  let direct: Database.Database;
  afterEach(async () => {
    direct.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    dir = mkdtempSync(join(tmpdir(), 'stockline-stock-rows-'));
    file = join(dir, 'store.db');
    store = await openSqliteStore(file);
    direct = new Database(file);
    const w: string[] = [];
    for (const code of ['A', 'B'])
      w.push((await store.createWarehouse({ id: randomUUID(), code, name: code, now: NOW })).warehouse.id);
    const p: string[] = [];
    for (const sku of ['P', 'Q', 'POISON'])
      p.push((await store.createProduct({ id: randomUUID(), sku, name: sku, now: NOW })).product.id);
    return { w: w as [string, string], p: p as [string, string, string] };
  }

  const inTable = (warehouseId: string, productId: string): StockRow | null => {
    const row = direct
      .prepare('SELECT * FROM stock WHERE warehouse_id = ? AND product_id = ?')
      .get(warehouseId, productId) as StockDbRow | undefined;
    return row ? toStock(row) : null;
  };
  const rawInTable = (warehouseId: string, productId: string): StockDbRow | undefined =>
    direct.prepare('SELECT * FROM stock WHERE warehouse_id = ? AND product_id = ?').get(warehouseId, productId) as
      StockDbRow | undefined;
  const push = (movements: MovementInput[]) => store.applyMovements({ userId: 'u', scope: ALL, now: NOW, movements });

  /** Makes any batch that writes a ledger leg of `productId` fail after its stock was updated. */
  function poison(productId: string) {
    direct.exec(
      `CREATE TRIGGER poison BEFORE INSERT ON ledger WHEN NEW.product_id = '${productId}' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`,
    );
  }
  /** ExternalWrites looks at data_version at most every 50 ms. */
  const pastFreshnessBound = () => new Promise((r) => setTimeout(r, 120));

  it('a write through every stock-writing path is seen by the next read', async () => {
    const { w, p } = await open();
    const [a, b] = w;
    const [pp] = p;
    const expectSame = async () => {
      for (const [x, y] of [
        [a, pp],
        [b, pp],
      ] as const)
        expect(await store.getStock(x, y)).toEqual(inTable(x, y));
    };
    await expectSame(); // no rows yet
    await push([mv.restock(a, pp, 10)]); // row created by a movement
    await expectSame();
    await push([mv.purchase(a, pp, 3)]); // guarded update
    await expectSame();
    await push([mv.transfer(a, b, pp, 2)]); // both legs, one created
    await expectSame();
    await store.setThreshold({ warehouseId: a, productId: pp, threshold: 7, now: NOW }); // threshold upsert
    await expectSame();
    await store.setReorderQty({ warehouseId: b, productId: pp, reorderQty: 40, now: NOW }); // reorder upsert
    await expectSame();
    await store.setStockSettings({ warehouseId: b, now: NOW, rows: [{ productId: pp, threshold: 3, reorderQty: 12 }] });
    await expectSame();
    expect((await store.getStock(a, pp))?.qty).toBe(5);
    expect(await store.getStock(b, pp)).toMatchObject({ qty: 2, threshold: 3, reorderQty: 12 });
  });

  it('a threshold set on a row nobody has yet is seen, and the row it creates too', async () => {
    const { w, p } = await open();
    expect(await store.getStock(w[0], p[1])).toBeNull();
    await store.setThreshold({ warehouseId: w[0], productId: p[1], threshold: 4, now: NOW });
    expect(await store.getStock(w[0], p[1])).toEqual(inTable(w[0], p[1]));
    expect((await store.getStock(w[0], p[1]))?.threshold).toBe(4);
  });

  it('a batch that rolls back leaves the read equal to the table, beside a batch of the same commit that stands', async () => {
    const { w, p } = await open();
    const [a] = w;
    const [pp, , bad] = p;
    await push([mv.restock(a, pp, 10), mv.restock(a, bad, 1)]);
    poison(bad);
    await pastFreshnessBound();
    expect((await store.getStock(a, pp))?.qty).toBe(10); // held in memory from here on
    // Submitted in one turn, so both share one group commit: the second rolls back alone.
    const [ok, failed] = await Promise.allSettled([
      push([mv.restock(a, pp, 5)]),
      push([mv.restock(a, pp, 100), mv.purchase(a, bad, 1)]),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(failed.status).toBe('rejected');
    expect(await store.getStock(a, pp)).toEqual(inTable(a, pp));
    expect(await store.getStock(a, bad)).toEqual(inTable(a, bad));
    expect((await store.getStock(a, pp))?.qty).toBe(15);
    // And the push path itself decides on the rolled-back row's real value.
    const { verdicts } = await push([mv.purchase(a, pp, 15)]);
    expect(verdicts[0]?.status).toBe('applied');
  });

  it('a commit by another connection is seen by reads after the freshness bound, and by the next push at once', async () => {
    const { w, p } = await open();
    const [a] = w;
    const [pp] = p;
    await push([mv.restock(a, pp, 5)]);
    expect((await store.getStock(a, pp))?.qty).toBe(5);
    direct.prepare('UPDATE stock SET qty = 1000 WHERE warehouse_id = ? AND product_id = ?').run(a, pp);
    // The push path looks at data_version under the write lock, without the bound: it would
    // refuse this purchase as insufficient if it decided on the remembered 5.
    const { verdicts } = await push([mv.purchase(a, pp, 500)]);
    expect(verdicts[0]?.status).toBe('applied');
    direct.prepare('UPDATE stock SET qty = 42 WHERE warehouse_id = ? AND product_id = ?').run(a, pp);
    await pastFreshnessBound();
    expect((await store.getStock(a, pp))?.qty).toBe(42);
  });

  it('archiving and creating products and warehouses applies to the next pushed movement (through the store or another connection)', async () => {
    const { w, p } = await open();
    const [a, b] = w;
    const [pp, q] = p;
    await push([mv.restock(a, pp, 5), mv.restock(b, q, 5)]);
    await store.updateProduct({ id: pp, patch: { archived: true }, now: NOW });
    expect((await push([mv.restock(a, pp, 1)])).verdicts[0]).toMatchObject({ status: 'rejected', reason: 'archived' });
    await store.updateWarehouse({ id: b, archived: true, now: NOW });
    expect((await push([mv.restock(b, q, 1)])).verdicts[0]).toMatchObject({ status: 'rejected', reason: 'archived' });
    direct.prepare('UPDATE warehouses SET archived = 0 WHERE id = ?').run(b);
    expect((await push([mv.restock(b, q, 1)])).verdicts[0]?.status).toBe('applied');
    const unknown = randomUUID();
    expect((await push([mv.restock(a, unknown, 1)])).verdicts[0]).toMatchObject({ reason: 'unknown_product' });
    await store.createProduct({ id: unknown, sku: 'LATE', name: 'Late', now: NOW });
    expect((await push([mv.restock(a, unknown, 1)])).verdicts[0]?.status).toBe('applied');
  });

  it('property: after random batches (some refused, some rolled back, some sharing a commit) every read equals the table', async () => {
    const { w, p } = await open();
    const [pp, q, bad] = p;
    await push([mv.restock(w[0], bad, 50)]);
    poison(bad);
    await pastFreshnessBound();
    const keys = w.flatMap((x) => [pp, q, bad].map((y) => [x, y] as const));
    const movementArb = fc.record({
      kind: fc.constantFrom('restock', 'purchase', 'transfer', 'count', 'threshold'),
      w: fc.integer({ min: 0, max: 1 }),
      p: fc.constantFrom(pp, q, pp, q, bad),
      n: fc.integer({ min: 1, max: 8 }),
    });
    const toMovement = (m: { kind: string; w: number; p: string; n: number }): MovementInput => {
      const at = w[m.w]!;
      if (m.kind === 'restock') return mv.restock(at, m.p, m.n);
      if (m.kind === 'purchase') return mv.purchase(at, m.p, m.n);
      if (m.kind === 'transfer') return mv.transfer(at, w[1 - m.w]!, m.p, m.n);
      return mv.count(at, m.p, m.n, m.n);
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(movementArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        async (batches) => {
          // Reads first, so the model holds rows that the batches then change (or fail to).
          for (const [x, y] of keys) await store.getStock(x, y);
          await Promise.allSettled(
            batches.map(async (batch) => {
              const threshold = batch.find((m) => m.kind === 'threshold');
              if (threshold)
                await store.setThreshold({
                  warehouseId: w[threshold.w]!,
                  productId: threshold.p,
                  threshold: threshold.n,
                  now: NOW,
                });
              return push(batch.filter((m) => m.kind !== 'threshold').map(toMovement));
            }),
          );
          for (const [x, y] of keys) expect(await store.getStock(x, y)).toEqual(inTable(x, y));
          // Column for column, seq included: the push path works out a row's state after its
          // guarded update instead of reading it back (apply.ts), so this is what checks it.
          for (const [x, y] of keys)
            expect(store['stockRows'].read(x, y, () => rawInTable(x, y))).toEqual(rawInTable(x, y));
        },
      ),
      { numRuns: 60, ...(process.env.STORE_SEED ? { seed: Number(process.env.STORE_SEED) } : {}) },
    );
  });
});

describe('StockRows layers', () => {
  const external = { register: () => {}, freshen: () => {} } as unknown as ExternalWrites;
  const row = (qty: number): StockDbRow => ({
    warehouse_id: 'w',
    product_id: 'p',
    qty,
    threshold: 0,
    reorder_qty: 0,
    version: qty,
    updated_at: null,
    seq: qty,
  });
  const unread = () => {
    throw new Error('should have come from memory');
  };

  it('publishes a write only when the outermost transaction commits, and drops rolled-back savepoints', () => {
    const rows = new StockRows(external);
    rows.read('w', 'p', () => row(1));
    rows.begin();
    rows.begin();
    rows.wrote(row(2));
    expect(rows.get('w', 'p', unread)?.qty).toBe(2);
    rows.rollback(); // savepoint rolled back
    expect(rows.get('w', 'p', unread)?.qty).toBe(1);
    rows.begin();
    rows.wrote(row(3));
    rows.commit(); // savepoint released: still inside the transaction
    expect(rows.read('w', 'p', unread)?.qty).toBe(3);
    rows.rollback(); // the transaction itself failed
    expect(rows.read('w', 'p', unread)?.qty).toBe(1);
    rows.within(() => rows.wrote(row(4)));
    expect(rows.read('w', 'p', unread)?.qty).toBe(4);
    expect(() =>
      rows.within(() => {
        rows.wrote(row(5));
        throw new Error('rolled back');
      }),
    ).toThrow();
    expect(rows.read('w', 'p', unread)?.qty).toBe(4);
  });

  it('holds at most its limit, dropping the oldest filled', () => {
    const rows = new StockRows(external, 2);
    for (const p of ['a', 'b', 'c']) rows.read('w', p, () => ({ ...row(1), product_id: p }));
    expect(rows.size).toBe(2);
    let reread = false;
    rows.read('w', 'a', () => ((reread = true), { ...row(1), product_id: 'a' }));
    expect(reread).toBe(true);
  });
});
