import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binsAfter, unbinnedQty } from './bins';
import { decide, levelAfterLeg } from './decide';
import { judgeMovement } from './judge';
import type { MovementIntent } from './movement';
import { EMPTY_LEVEL, type StockLevel } from './stock';

/** Two warehouses; w1 has bins a and b, w2 has bin c. One product. */
const BINS: Record<string, string[]> = { w1: ['a', 'b'], w2: ['c'] };
const warehouse = fc.constantFrom('w1', 'w2');
const quantity = fc.integer({ min: 1, max: 15 });
const binOf = (w: string) => fc.option(fc.constantFrom(...(BINS[w] ?? [])), { nil: undefined });

const movement: fc.Arbitrary<MovementIntent> = fc.oneof(
  warehouse.chain((w) =>
    fc.record({
      type: fc.constantFrom('purchase' as const, 'return' as const, 'restock' as const),
      warehouseId: fc.constant(w),
      locationId: binOf(w),
      productId: fc.constant('p'),
      quantity,
    }),
  ),
  fc
    .tuple(warehouse, warehouse)
    .chain(([w, to]) =>
      fc.record({
        type: fc.constant('transfer' as const),
        warehouseId: fc.constant(w),
        toWarehouseId: fc.constant(to),
        locationId: binOf(w),
        toLocationId: binOf(to),
        productId: fc.constant('p'),
        quantity,
      }),
    )
    .filter((m) => m.warehouseId !== m.toWarehouseId || (m.locationId ?? null) !== (m.toLocationId ?? null)),
  warehouse.chain((w) =>
    fc.record({
      type: fc.constant('count' as const),
      warehouseId: fc.constant(w),
      locationId: binOf(w),
      productId: fc.constant('p'),
      countedQty: fc.integer({ min: 0, max: 30 }),
      expectedQty: fc.integer({ min: 0, max: 30 }),
    }),
  ),
);

/**
 * The reference: a plain table of cells per (warehouse, bin or '' for no bin), restating the
 * rules as arithmetic. Sharing no code with bins.ts or decide.ts.
 */
class CellOracle {
  readonly cells = new Map<string, number>();
  cell(w: string, bin: string | undefined): number {
    return this.cells.get(`${w}/${bin ?? ''}`) ?? 0;
  }
  total(w: string): number {
    let sum = 0;
    for (const [key, qty] of this.cells) if (key.startsWith(`${w}/`)) sum += qty;
    return sum;
  }
  private add(w: string, bin: string | undefined, delta: number): void {
    this.cells.set(`${w}/${bin ?? ''}`, this.cell(w, bin) + delta);
  }
  /**
   * Whether `q` may leave (w, bin). Out of the warehouse: the warehouse holds it, and the bin
   * when one is named. Within it (the figure stays): only the source, a bin or the rest.
   */
  private covers(w: string, bin: string | undefined, q: number, within: boolean): boolean {
    if (!within && this.total(w) < q) return false;
    if (bin !== undefined) return this.cell(w, bin) >= q;
    return !within || this.cell(w, undefined) >= q;
  }
  apply(m: MovementIntent): 'applied' | 'rejected' {
    switch (m.type) {
      case 'purchase':
        if (!this.covers(m.warehouseId, m.locationId, m.quantity, false)) return 'rejected';
        this.add(m.warehouseId, m.locationId, -m.quantity);
        return 'applied';
      case 'return':
      case 'restock':
        this.add(m.warehouseId, m.locationId, m.quantity);
        return 'applied';
      case 'transfer': {
        const within = m.toWarehouseId === m.warehouseId;
        if (!this.covers(m.warehouseId, m.locationId, m.quantity, within)) return 'rejected';
        this.add(m.warehouseId, m.locationId, -m.quantity);
        this.add(m.toWarehouseId, m.toLocationId, m.quantity);
        return 'applied';
      }
      case 'count': {
        const here = m.locationId === undefined ? this.total(m.warehouseId) : this.cell(m.warehouseId, m.locationId);
        const floor = m.locationId === undefined ? here : Math.min(here, this.total(m.warehouseId));
        const applied = Math.max(m.countedQty - m.expectedQty, -floor);
        this.add(m.warehouseId, m.locationId, applied);
        return 'applied';
      }
    }
  }
}

describe('bins', () => {
  it('decide keeps every bin and every warehouse figure as the cell oracle does, none below zero (I1, I3 per bin)', () => {
    fc.assert(
      fc.property(fc.array(movement, { maxLength: 150 }), (movements) => {
        const oracle = new CellOracle();
        const rows = new Map<string, StockLevel>();
        const level = (w: string) => rows.get(w) ?? EMPTY_LEVEL;
        for (const m of movements) {
          const decision = decide(m, level);
          expect(decision.status).toBe(oracle.apply(m));
          if (decision.status !== 'applied') continue;
          for (const leg of decision.legs) rows.set(leg.warehouseId, levelAfterLeg(level(leg.warehouseId), leg));
          for (const w of ['w1', 'w2']) {
            const row = level(w);
            expect(row.qty).toBe(oracle.total(w));
            expect(row.qty).toBeGreaterThanOrEqual(0);
            for (const bin of BINS[w] ?? []) {
              expect(row.bins?.[bin] ?? 0).toBe(oracle.cell(w, bin));
              expect(oracle.cell(w, bin)).toBeGreaterThanOrEqual(0);
            }
            expect(unbinnedQty(row)).toBe(oracle.cell(w, undefined));
            for (const qty of Object.values(row.bins ?? {})) expect(qty).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it('moves what a bin holds to the rest of its warehouse while the bins list more than the warehouse has', () => {
    // A warehouse-level count took one unit from "in no bin" (now -1) while bin b holds 10; the
    // figure does not move within the warehouse, so only the bin guards the move.
    const row: StockLevel = { qty: 9, version: 2, bins: { b: 10 } };
    const move = {
      type: 'transfer',
      warehouseId: 'w1',
      toWarehouseId: 'w1',
      locationId: 'b',
      productId: 'p',
      quantity: 10,
    } as const;
    const decision = decide(move, () => row);
    expect(decision.status).toBe('applied');
    if (decision.status !== 'applied') return;
    const after = levelAfterLeg(row, decision.legs[0]!);
    expect(after).toStrictEqual({ qty: 9, version: 3 });
    expect(unbinnedQty(after)).toBe(9);
    expect(decide({ ...move, quantity: 11 }, () => row).status).toBe('rejected');
  });

  it('a bin at zero loses its key and a row with no bin stock has no bins', () => {
    expect(binsAfter({ a: 2, b: 1 }, [{ locationId: 'a', delta: -2 }])).toEqual({ b: 1 });
    expect(binsAfter({ b: 1 }, [{ locationId: 'b', delta: -1 }])).toBeUndefined();
    expect(levelAfterLeg({ qty: 3, version: 1 }, { warehouseId: 'w', delta: 2 })).toStrictEqual({ qty: 5, version: 2 });
  });

  it('a sale from a bin that lacks it is refused though the warehouse has enough', () => {
    const row: StockLevel = { qty: 10, version: 3, bins: { a: 2, b: 8 } };
    const sale = { type: 'purchase', warehouseId: 'w1', locationId: 'a', productId: 'p', quantity: 3 } as const;
    expect(decide(sale, () => row)).toEqual({ status: 'rejected', reason: 'insufficient_stock' });
    expect(decide({ ...sale, locationId: undefined }, () => row).status).toBe('applied');
  });

  it('refuses an unknown bin, a bin of another warehouse and an archived bin, after the scope check', () => {
    const locations = new Map([
      ['a', { warehouseId: 'w1', archived: false }],
      ['old', { warehouseId: 'w1', archived: true }],
      ['c', { warehouseId: 'w2', archived: false }],
    ]);
    const judge = (m: MovementIntent, scope: string[] = ['w1', 'w2']) =>
      judgeMovement(
        { ...m, id: 'm1' },
        {
          stored: null,
          productExists: () => true,
          warehouseExists: () => true,
          scope: { all: false, warehouseIds: scope },
          levelAt: () => ({ qty: 5, version: 1, bins: { a: 5 } }),
          location: (id) => locations.get(id),
        },
      );
    const restock = { type: 'restock', warehouseId: 'w1', productId: 'p', quantity: 1 } as const;
    expect(judge({ ...restock, locationId: 'nope' }).verdict.reason).toBe('unknown_location');
    expect(judge({ ...restock, locationId: 'c' }).verdict.reason).toBe('unknown_location');
    expect(judge({ ...restock, locationId: 'old' }).verdict.reason).toBe('archived');
    expect(judge({ ...restock, locationId: 'a' }).kind).toBe('applied');
    const move = { type: 'transfer', warehouseId: 'w1', toWarehouseId: 'w2', productId: 'p', quantity: 1 } as const;
    expect(judge({ ...move, locationId: 'a', toLocationId: 'a' }).verdict.reason).toBe('unknown_location');
    expect(judge({ ...move, locationId: 'a', toLocationId: 'nope' }, ['w1']).verdict.reason).toBe(
      'forbidden_warehouse',
    );
  });
});
