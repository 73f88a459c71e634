import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeMovement, type IdentifiedMovement, type MovementFacts } from './judge';
import { EMPTY_LEVEL } from './stock';
import { legsOf, makeVerdict, type Verdict } from './verdict';

const buy: IdentifiedMovement = { id: 'm1', type: 'purchase', warehouseId: 'a', productId: 'p', quantity: 2 };
const move: IdentifiedMovement = {
  id: 'm2',
  type: 'transfer',
  warehouseId: 'a',
  toWarehouseId: 'b',
  productId: 'p',
  quantity: 2,
};

function facts(overrides: Partial<MovementFacts> = {}): MovementFacts {
  return {
    stored: null,
    productExists: () => true,
    warehouseExists: () => true,
    scope: { all: true },
    levelAt: () => ({ qty: 5, version: 3 }),
    ...overrides,
  };
}

describe('judgeMovement', () => {
  it('refuses archived warehouses (either leg) and archived products, except a product count', () => {
    const count: IdentifiedMovement = {
      id: 'm3',
      type: 'count',
      warehouseId: 'a',
      productId: 'p',
      countedQty: 1,
      expectedQty: 5,
    };
    const archivedB = facts({ warehouseArchived: (w) => w === 'b' });
    expect(judgeMovement(move, archivedB).verdict.reason).toBe('archived');
    expect(judgeMovement(buy, archivedB).kind).toBe('applied');
    expect(judgeMovement(count, facts({ warehouseArchived: () => true })).verdict.reason).toBe('archived');
    const retired = facts({ productArchived: () => true });
    expect(judgeMovement(buy, retired).verdict.reason).toBe('archived');
    expect(judgeMovement(count, retired).kind).toBe('applied');
    // Scope is checked first: an archived warehouse outside the caller's scope stays forbidden.
    expect(
      judgeMovement(buy, facts({ warehouseArchived: () => true, scope: { all: false, warehouseIds: [] } })).verdict
        .reason,
    ).toBe('forbidden_warehouse');
  });

  it('a refusal shows no stock outside the caller scope, on either leg', () => {
    const onlyA = { all: false, warehouseIds: ['a'] } as const;
    const levels = (w: string) => (w === 'a' ? { qty: 5, version: 3 } : { qty: 37, version: 8 });
    const inbound: IdentifiedMovement = { ...move, warehouseId: 'b', toWarehouseId: 'a' };
    expect(judgeMovement(move, facts({ scope: onlyA, levelAt: levels })).verdict).toMatchObject({
      reason: 'forbidden_warehouse',
      stock: { qty: 5, version: 3 },
      toStock: EMPTY_LEVEL,
    });
    expect(judgeMovement(inbound, facts({ scope: onlyA, levelAt: levels })).verdict).toMatchObject({
      stock: EMPTY_LEVEL,
      toStock: { qty: 5, version: 3 },
    });
    const reused = judgeMovement(
      { ...buy, warehouseId: 'b' },
      facts({
        scope: onlyA,
        levelAt: levels,
        stored: { sameContent: false, verdict: { id: 'm1', status: 'applied', stock: EMPTY_LEVEL } },
      }),
    );
    expect(reused.verdict).toMatchObject({ reason: 'id_reused', stock: EMPTY_LEVEL });
  });

  it('checks in order: stored id, product, warehouse, scope, then stock', () => {
    // Each case breaks every later check too, so only the first failing check can explain the answer.
    const nothingHolds = {
      productExists: () => false,
      warehouseExists: () => false,
      scope: { all: false, warehouseIds: [] },
      levelAt: () => EMPTY_LEVEL,
    } as const;
    const stored: Verdict = { id: 'm1', status: 'applied', stock: { qty: 1, version: 9 } };
    expect(judgeMovement(buy, facts({ ...nothingHolds, stored: { sameContent: true, verdict: stored } }))).toEqual({
      kind: 'replay',
      verdict: stored,
    });
    expect(
      judgeMovement(buy, facts({ ...nothingHolds, stored: { sameContent: false, verdict: stored } })).verdict.reason,
    ).toBe('id_reused');
    expect(judgeMovement(buy, facts(nothingHolds)).verdict.reason).toBe('unknown_product');
    expect(judgeMovement(buy, facts({ ...nothingHolds, productExists: () => true })).verdict.reason).toBe(
      'unknown_warehouse',
    );
    expect(
      judgeMovement(buy, facts({ ...nothingHolds, productExists: () => true, warehouseExists: () => true })).verdict
        .reason,
    ).toBe('forbidden_warehouse');
    expect(
      judgeMovement(
        buy,
        facts({ ...nothingHolds, productExists: () => true, warehouseExists: () => true, scope: { all: true } }),
      ).verdict.reason,
    ).toBe('insufficient_stock');
  });

  it('refuses a transfer when either leg is unknown or out of scope', () => {
    expect(judgeMovement(move, facts({ warehouseExists: (w) => w === 'a' })).verdict.reason).toBe('unknown_warehouse');
    expect(judgeMovement(move, facts({ scope: { all: false, warehouseIds: ['a'] } })).verdict.reason).toBe(
      'forbidden_warehouse',
    );
    expect(judgeMovement(move, facts({ scope: { all: false, warehouseIds: ['a', 'b'] } })).kind).toBe('applied');
  });

  it('an applied verdict shows each touched row after its leg, version bumped', () => {
    const levels: Record<string, { qty: number; version: number }> = {
      a: { qty: 5, version: 3 },
      b: { qty: 1, version: 7 },
    };
    const judgement = judgeMovement(move, facts({ levelAt: (w) => levels[w] ?? EMPTY_LEVEL }));
    expect(judgement).toEqual({
      kind: 'applied',
      legs: [
        { warehouseId: 'a', delta: -2 },
        { warehouseId: 'b', delta: 2 },
      ],
      verdict: { id: 'm2', status: 'applied', stock: { qty: 3, version: 4 }, toStock: { qty: 3, version: 8 } },
    });
  });

  it('a refusal shows the rows as they are', () => {
    const judgement = judgeMovement({ ...buy, quantity: 6 }, facts());
    expect(judgement).toEqual({
      kind: 'rejected',
      verdict: { id: 'm1', status: 'rejected', reason: 'insufficient_stock', stock: { qty: 5, version: 3 } },
    });
  });

  it('reads nothing it does not need: a replay reads no stock and no catalogue', () => {
    const untouchable = () => {
      throw new Error('read');
    };
    const verdict: Verdict = { id: 'm1', status: 'rejected', reason: 'unknown_product', stock: EMPTY_LEVEL };
    const judgement = judgeMovement(buy, {
      stored: { sameContent: true, verdict },
      productExists: untouchable,
      warehouseExists: untouchable,
      scope: { all: true },
      levelAt: untouchable,
    });
    expect(judgement.verdict).toBe(verdict);
  });
});

describe('makeVerdict', () => {
  it('writes keys in one order whatever is present, so stored JSON is byte-stable', () => {
    const levelAt = () => ({ qty: 0, version: 1 });
    const count = { requestedDelta: -0, appliedDelta: -0, stale: false, clamped: false, discrepancy: 0 };
    const counted = makeVerdict(
      { id: 'c', type: 'count', warehouseId: 'a', productId: 'p', countedQty: 0, expectedQty: 0 },
      { status: 'applied', count },
      levelAt,
    );
    expect(JSON.stringify(counted)).toBe(
      '{"id":"c","status":"applied","stock":{"qty":0,"version":1},"count":{"requestedDelta":0,"appliedDelta":0,"stale":false,"clamped":false,"discrepancy":0}}',
    );
    expect(Object.is(counted.count?.appliedDelta, 0)).toBe(true);
    const refused = makeVerdict(move, { status: 'rejected', reason: 'forbidden_warehouse' }, levelAt);
    expect(Object.keys(refused)).toEqual(['id', 'status', 'reason', 'stock', 'toStock']);
  });
});

describe('legsOf', () => {
  it('agrees with the judgement that produced the verdict', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        (qa, counted, quantity) => {
          const levelAt = (w: string) => (w === 'a' ? { qty: qa, version: 1 } : EMPTY_LEVEL);
          for (const m of [
            { ...buy, quantity },
            { ...move, quantity },
            { id: 'c', type: 'count', warehouseId: 'a', productId: 'p', countedQty: counted, expectedQty: qa } as const,
          ]) {
            const judgement = judgeMovement(m, facts({ levelAt }));
            expect(legsOf(m, judgement.verdict)).toEqual(judgement.kind === 'applied' ? judgement.legs : []);
          }
        },
      ),
    );
  });
});
