import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeMovement, type IdentifiedMovement, type MovementFacts, type PriorVerdict } from './judge';
import { REJECTION_REASONS } from './movement';
import type { StockLevel } from './stock';

/**
 * A movement pushed again after a restore, with the verdict its device holds: inside the
 * caller's scope a held refusal stays that refusal, a held application is applied when the rules
 * allow it now and otherwise refused as `restore_conflict`; never any other change of verdict.
 * Outside the scope it is answered as a new movement.
 */
const level = fc.record({ qty: fc.integer({ min: 0, max: 50 }), version: fc.integer({ min: 0, max: 9 }) });
const movement: fc.Arbitrary<IdentifiedMovement> = fc
  .oneof(
    fc.record({
      type: fc.constantFrom('purchase' as const, 'return' as const, 'restock' as const),
      quantity: fc.integer({ min: 1, max: 60 }),
    }),
    fc.record({
      type: fc.constant('transfer' as const),
      quantity: fc.integer({ min: 1, max: 60 }),
      toWarehouseId: fc.constant('b'),
    }),
    fc.record({
      type: fc.constant('count' as const),
      countedQty: fc.integer({ min: 0, max: 60 }),
      expectedQty: fc.integer({ min: 0, max: 60 }),
    }),
  )
  .map((m) => ({ ...m, id: 'm1', warehouseId: 'a', productId: 'p' }));
const prior: fc.Arbitrary<PriorVerdict> = fc.oneof(
  fc.constant({ status: 'applied' as const }),
  fc.constantFrom(...REJECTION_REASONS).map((reason) => ({ status: 'rejected' as const, reason })),
);
const world = fc.record({
  levels: fc.record({ a: level, b: level }),
  productExists: fc.boolean(),
  archived: fc.boolean(),
  inScope: fc.boolean(),
});

function factsOf(w: {
  levels: Record<'a' | 'b', StockLevel>;
  productExists: boolean;
  archived: boolean;
  inScope: boolean;
}): MovementFacts {
  return {
    stored: null,
    productExists: () => w.productExists,
    warehouseExists: () => true,
    warehouseArchived: () => w.archived,
    scope: w.inScope ? { all: true } : { all: false, warehouseIds: [] },
    levelAt: (id) => w.levels[id as 'a' | 'b'],
  };
}

describe('judgeMovement of a movement pushed again after a restore', () => {
  it('keeps a held refusal, applies a held application the rules allow, and flags the rest', () => {
    fc.assert(
      fc.property(movement, prior, world, (m, held, w) => {
        const facts = factsOf(w);
        const fresh = judgeMovement(m, facts);
        const again = judgeMovement({ ...m, priorVerdict: held }, facts);
        if (!w.inScope) {
          expect(again).toEqual(fresh);
        } else if (held.status === 'rejected') {
          expect(again.kind).toBe('rejected');
          expect(again.verdict.reason).toBe(held.reason);
        } else if (fresh.kind === 'applied') {
          expect(again).toEqual(fresh);
        } else {
          expect(again.kind).toBe('rejected');
          expect(again.verdict.reason).toBe('restore_conflict');
        }
        // Only an application moves stock, and only with the legs the rules give now.
        if (again.kind === 'applied')
          expect(fresh.kind === 'applied' && again.legs).toEqual(fresh.kind === 'applied' && fresh.legs);
      }),
    );
  });

  it('a stored id answers from storage, whatever verdict the device says it holds', () => {
    const stored = { id: 'm1', status: 'applied' as const, stock: { qty: 3, version: 2 } };
    const m: IdentifiedMovement = {
      id: 'm1',
      type: 'purchase',
      warehouseId: 'a',
      productId: 'p',
      quantity: 1,
      priorVerdict: { status: 'rejected', reason: 'insufficient_stock' },
    };
    const facts = factsOf({
      levels: { a: { qty: 0, version: 0 }, b: { qty: 0, version: 0 } },
      productExists: true,
      archived: false,
      inScope: true,
    });
    expect(judgeMovement(m, { ...facts, stored: { sameContent: true, verdict: stored } })).toEqual({
      kind: 'replay',
      verdict: stored,
    });
  });

  it('outside the caller scope a held verdict counts for nothing: forbidden_warehouse, no stock shown', () => {
    const m: IdentifiedMovement = {
      id: 'm1',
      type: 'transfer',
      warehouseId: 'a',
      toWarehouseId: 'b',
      productId: 'p',
      quantity: 5,
    };
    const facts = factsOf({
      levels: { a: { qty: 9, version: 4 }, b: { qty: 9, version: 4 } },
      productExists: true,
      archived: false,
      inScope: false,
    });
    for (const priorVerdict of [
      { status: 'applied' as const },
      { status: 'rejected' as const, reason: 'insufficient_stock' as const },
    ]) {
      expect(judgeMovement({ ...m, priorVerdict }, facts).verdict).toMatchObject({
        status: 'rejected',
        reason: 'forbidden_warehouse',
        stock: { qty: 0, version: 0 },
      });
    }
  });
});
