import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  judgeMovement,
  type IdentifiedMovement,
  type Judgement,
  type MovementFacts,
  type Parked,
  type PriorVerdict,
} from './judge';
import { ParkedRows, settleWindowOpen } from './restore-settle';
import type { StockLevel } from './stock';

/**
 * The parking rule of the restore settle window: a re-pushed movement its device holds as
 * applied, which the restored stock cannot take yet, is parked (nothing decided, nothing
 * stored) while the window is open; so is every later re-pushed movement of the same batch that
 * takes stock out of one of its rows; nothing else changes. Pushed again until the other
 * devices' pushes are in, every held application comes back applied.
 */

type Levels = Map<string, StockLevel>;

function factsOf(
  levels: Levels,
  parked: ParkedRows,
  over: Partial<MovementFacts> = {},
): MovementFacts & { parked: ParkedRows } {
  return {
    stored: null,
    productExists: () => true,
    warehouseExists: () => true,
    scope: { all: true },
    levelAt: (w) => levels.get(w) ?? { qty: 0, version: 0 },
    parked,
    ...over,
  };
}

/** Applies an applied judgement's legs to the levels of one product (keyed by warehouse here). */
function applyTo(levels: Levels, j: Judgement | Parked): void {
  if (j.kind !== 'applied') return;
  for (const leg of j.legs) {
    const before = levels.get(leg.warehouseId) ?? { qty: 0, version: 0 };
    levels.set(leg.warehouseId, { qty: before.qty + leg.delta, version: before.version + 1 });
  }
}

const heldApplied: PriorVerdict = { status: 'applied' };

describe('settleWindowOpen', () => {
  it('is open from the renewal for the window, closed before any renewal and after it', () => {
    expect(settleWindowOpen(null, '2026-01-01T00:00:00.000Z', 60_000)).toBe(false);
    expect(settleWindowOpen('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:59.999Z', 60_000)).toBe(true);
    expect(settleWindowOpen('2026-01-01T00:00:00.000Z', '2026-01-01T00:01:00.000Z', 60_000)).toBe(false);
    expect(settleWindowOpen('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 0)).toBe(false);
  });
});

describe('judgeMovement in the restore settle window', () => {
  const movement = fc.record({
    type: fc.constantFrom(
      'purchase' as const,
      'return' as const,
      'restock' as const,
      'transfer' as const,
      'count' as const,
    ),
    quantity: fc.integer({ min: 1, max: 40 }),
    counted: fc.integer({ min: 0, max: 40 }),
    expected: fc.integer({ min: 0, max: 40 }),
  });
  const toIntent = (
    r: { type: string; quantity: number; counted: number; expected: number },
    id: string,
    held: PriorVerdict,
  ): IdentifiedMovement => {
    const base = { id, warehouseId: 'a', productId: 'p', priorVerdict: held };
    if (r.type === 'transfer') return { ...base, type: 'transfer', quantity: r.quantity, toWarehouseId: 'b' };
    if (r.type === 'count') return { ...base, type: 'count', countedQty: r.counted, expectedQty: r.expected };
    return { ...base, type: r.type as 'purchase' | 'return' | 'restock', quantity: r.quantity };
  };
  const held = fc.oneof(
    fc.constant(heldApplied),
    fc.constant<PriorVerdict>({ status: 'rejected', reason: 'insufficient_stock' }),
  );

  it('parks only a held application refused for stock; parks later re-pushes taking from its rows; never breaks I1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(movement, held), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (items, qa, qb) => {
          const levels: Levels = new Map([
            ['a', { qty: qa, version: 1 }],
            ['b', { qty: qb, version: 1 }],
          ]);
          const parked = new ParkedRows(true);
          const rowsParked = new Set<string>();
          items.forEach(([r, h], i) => {
            const m = toIntent(r, `m${i}`, h);
            const rows = m.type === 'transfer' ? ['a', 'b'] : ['a'];
            const takes = m.type === 'restock' || m.type === 'return' ? [] : ['a'];
            const behind = takes.some((w) => rowsParked.has(w));
            const fresh = judgeMovement(
              { ...m, priorVerdict: undefined },
              { ...factsOf(levels, parked), parked: undefined },
            );
            const j = judgeMovement(m, factsOf(levels, parked));
            if (behind) expect(j.kind, 'held behind a parked movement on its row').toBe('parked');
            else if (h.status === 'rejected')
              expect(j).toMatchObject({ kind: 'rejected', verdict: { reason: 'insufficient_stock' } });
            else if (fresh.kind === 'applied') expect(j).toEqual(fresh);
            else expect(j.kind, `held applied, refused now for ${fresh.verdict.reason}`).toBe('parked');
            if (j.kind === 'parked') for (const w of rows) rowsParked.add(w);
            applyTo(levels, j);
            for (const level of levels.values()) expect(level.qty).toBeGreaterThanOrEqual(0);
          });
        },
      ),
    );
  });

  it('parks nothing when the window is closed, and never parks a refusal the stock cannot lift', () => {
    const m: IdentifiedMovement = {
      id: 'm1',
      type: 'purchase',
      warehouseId: 'a',
      productId: 'p',
      quantity: 5,
      priorVerdict: heldApplied,
    };
    const empty: Levels = new Map([['a', { qty: 1, version: 3 }]]);
    expect(judgeMovement(m, factsOf(empty, new ParkedRows(false)))).toMatchObject({
      kind: 'rejected',
      verdict: { reason: 'restore_conflict' },
    });
    const gone = factsOf(empty, new ParkedRows(true), { productExists: () => false });
    expect(judgeMovement(m, gone)).toMatchObject({ kind: 'rejected', verdict: { reason: 'restore_conflict' } });
    const archived = factsOf(empty, new ParkedRows(true), { warehouseArchived: () => true });
    expect(judgeMovement(m, archived)).toMatchObject({ kind: 'rejected', verdict: { reason: 'restore_conflict' } });
    // Outside the caller's scope the held verdict counts for nothing, parking included.
    const foreign = factsOf(empty, new ParkedRows(true), { scope: { all: false, warehouseIds: [] } });
    expect(judgeMovement(m, foreign)).toMatchObject({ kind: 'rejected', verdict: { reason: 'forbidden_warehouse' } });
    // A stored id answers from storage, parked rows or not (I2).
    const stored = { id: 'm1', status: 'applied' as const, stock: { qty: 3, version: 2 } };
    const rows = new ParkedRows(true, [m]);
    expect(judgeMovement(m, factsOf(empty, rows, { stored: { sameContent: true, verdict: stored } }))).toEqual({
      kind: 'replay',
      verdict: stored,
    });
  });
});

describe('a new movement in the restore settle window', () => {
  const levels: Levels = new Map([['a', { qty: 20, version: 3 }]]);
  const serverRows = (open = true) => new ParkedRows(open, [], true);
  const sale: IdentifiedMovement = { id: 'n1', type: 'purchase', warehouseId: 'a', productId: 'p', quantity: 1 };

  it('waits for the window to close when it would take stock out, however much there is', () => {
    expect(judgeMovement(sale, factsOf(levels, serverRows()))).toEqual({ kind: 'parked' });
    const count: IdentifiedMovement = {
      id: 'n2',
      type: 'count',
      warehouseId: 'a',
      productId: 'p',
      countedQty: 0,
      expectedQty: 2,
    };
    expect(judgeMovement(count, factsOf(levels, serverRows()))).toEqual({ kind: 'parked' });
  });

  it('goes through when it only adds stock, the window is closed, or it is a re-push; refused before stock as ever', () => {
    const restock: IdentifiedMovement = { id: 'n3', type: 'restock', warehouseId: 'a', productId: 'p', quantity: 1 };
    expect(judgeMovement(restock, factsOf(levels, serverRows())).kind).toBe('applied');
    expect(judgeMovement(sale, factsOf(levels, serverRows(false))).kind).toBe('applied');
    expect(judgeMovement({ ...sale, priorVerdict: heldApplied }, factsOf(levels, serverRows())).kind).toBe('applied');
    expect(judgeMovement(sale, factsOf(levels, serverRows(), { productExists: () => false }))).toMatchObject({
      kind: 'rejected',
      verdict: { reason: 'unknown_product' },
    });
    // The device's own ParkedRows holds nothing new by itself.
    expect(new ParkedRows(true).holds(sale)).toBe(false);
  });
});

/**
 * The whole settle, on two warehouses and two products: devices' sales, receipts, counts (stale
 * ones included) and transfers were applied by the old store in some interleaving; the restore
 * lost them; the devices push them again in another interleaving, each its whole pending list in
 * its own order, over and over while anything moves. Every held verdict comes back as it was, and
 * the rows end where the old store left them: each row's lost changes are replayed in the old
 * store's order (the held row versions), and a device's restock is never held behind its own
 * parked sale, so no two devices wait for each other.
 */
describe('settling re-pushes from several devices', () => {
  const step = fc.record({
    product: fc.constantFrom('p', 'q'),
    from: fc.constantFrom('a', 'b'),
    type: fc.constantFrom(
      'purchase' as const,
      'restock' as const,
      'return' as const,
      'count' as const,
      'transfer' as const,
    ),
    quantity: fc.integer({ min: 1, max: 12 }),
    expected: fc.integer({ min: 0, max: 12 }),
  });

  it('ends with every held verdict kept and the rows where the old store left them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(step, { maxLength: 8 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 4, maxLength: 4 }),
        fc.infiniteStream(fc.nat()),
        (chains, starts, picks) => {
          const pick = (n: number) => (picks.next().value as number) % n;
          const keys = ['a|p', 'a|q', 'b|p', 'b|q'];
          const restored = new Map(keys.map((k, i): [string, StockLevel] => [k, { qty: starts[i]!, version: 1 }]));
          const queues: IdentifiedMovement[][] = chains.map((chain, d) =>
            chain.map((c, i): IdentifiedMovement => {
              const base = { id: `d${d}-${i}`, warehouseId: c.from, productId: c.product };
              if (c.type === 'count')
                return { ...base, type: 'count', countedQty: c.quantity - 1, expectedQty: c.expected };
              if (c.type === 'transfer')
                return { ...base, type: 'transfer', quantity: c.quantity, toWarehouseId: c.from === 'a' ? 'b' : 'a' };
              return { ...base, type: c.type, quantity: c.quantity };
            }),
          );
          const judgeIn = (levels: Map<string, StockLevel>, m: IdentifiedMovement, parked: ParkedRows) =>
            judgeMovement(m, {
              stored: null,
              productExists: () => true,
              warehouseExists: () => true,
              scope: { all: true },
              levelAt: (w) => levels.get(`${w}|${m.productId}`)!,
              parked,
            });
          const apply = (levels: Map<string, StockLevel>, m: IdentifiedMovement, j: Judgement | Parked) => {
            if (j.kind !== 'applied') return;
            for (const leg of j.legs) {
              const k = `${leg.warehouseId}|${m.productId}`;
              const before = levels.get(k)!;
              levels.set(k, { qty: before.qty + leg.delta, version: before.version + 1 });
              expect(before.qty + leg.delta).toBeGreaterThanOrEqual(0);
            }
          };

          const levels = new Map(restored);
          const held = new Map<string, PriorVerdict>();
          const cursors = queues.map(() => 0);
          for (let left = queues.flat().length; left > 0; left--) {
            const open = queues.map((_, d) => d).filter((d) => cursors[d]! < queues[d]!.length);
            const d = open[pick(open.length)]!;
            const m = queues[d]![cursors[d]!++]!;
            const j = judgeIn(levels, m, new ParkedRows(false));
            if (j.kind === 'parked') throw new Error('nothing parks outside the window');
            held.set(
              m.id,
              j.kind === 'applied'
                ? {
                    status: 'applied',
                    count: j.verdict.count,
                    stockVersion: j.verdict.stock.version,
                    toStockVersion: j.verdict.toStock?.version,
                  }
                : { status: 'rejected', reason: j.verdict.reason! },
            );
            apply(levels, m, j);
          }
          const oldEnd = new Map(levels);

          const now = new Map(restored);
          const pending: IdentifiedMovement[][] = queues.map((q) =>
            q.map((m) => ({ ...m, priorVerdict: held.get(m.id)! })),
          );
          const answered = new Map<string, Judgement>();
          const pushAll = (d: number, open: boolean): boolean => {
            const parked = new ParkedRows(open);
            const still: IdentifiedMovement[] = [];
            for (const m of pending[d]!) {
              const j = judgeIn(now, m, parked);
              if (j.kind === 'parked') still.push(m);
              else {
                answered.set(m.id, j);
                apply(now, m, j);
              }
            }
            const moved = still.length < pending[d]!.length;
            pending[d] = still;
            return moved;
          };
          for (let i = 0; i < pending.length * 3; i++) pushAll(pick(pending.length), true);
          for (let moved = true; moved;) {
            moved = false;
            for (let d = 0; d < pending.length; d++) moved = pushAll(d, true) || moved;
          }
          for (let d = 0; d < pending.length; d++) pushAll(d, false);

          for (const [id, h] of held) {
            const j = answered.get(id)!;
            expect(j.kind === 'applied' ? 'applied' : `rejected:${j.verdict.reason}`, id).toBe(
              h.status === 'applied' ? 'applied' : `rejected:${h.reason}`,
            );
          }
          expect(now).toEqual(oldEnd);
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);
});
