import { afterEach, beforeEach, expect, it } from 'vitest';
import type { MovementInput } from '@stockline/protocol';
import type { Scope, Store } from '../core/port';
import { ALL, ledgerMismatches, makeWorld, newMovement, NOW, wholeLedger, type World } from './fixture';

/** The manager's review list: refused movements, restore conflicts and stale or clamped counts, until decided. */
export function reviewSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  const list = async (scope: Scope = ALL, warehouseId?: string) =>
    (await world.store.listReview({ scope, warehouseId, limit: 100 })).map((i) => [i.kind, i.movement.id]);

  it('lists refusals and stale or clamped counts, newest first, and nothing that went as expected', async () => {
    const [a, b] = world.w;
    const [p, q] = world.p;
    const restock = newMovement.restock(a, p, 5);
    const oversell = newMovement.purchase(a, p, 9);
    const fine = newMovement.purchase(a, p, 1);
    const stale = newMovement.count(a, p, 3, 4, 0); // based on version 0, the row is at 2
    const clamped = newMovement.count(b, q, 0, 7, 0); // expects 7 where there are none
    const exact = newMovement.count(a, q, 0, 0, 0);
    await world.push([restock, oversell, fine, stale, clamped, exact]);
    expect(await list()).toEqual([
      ['clamped_count', clamped.id],
      ['stale_count', stale.id],
      ['refused', oversell.id],
    ]);
    expect(await list({ all: false, warehouseIds: [b] })).toEqual([['clamped_count', clamped.id]]);
    expect(await list(ALL, a)).toEqual([
      ['stale_count', stale.id],
      ['refused', oversell.id],
    ]);
  });

  it('lists a refused transfer for either warehouse', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    const transfer = newMovement.transfer(a, b, p, 3);
    await world.push([transfer]);
    expect(await list({ all: false, warehouseIds: [b] })).toEqual([['refused', transfer.id]]);
  });

  it('takes a decided movement off the list; the first decision stands; nothing outside scope or unflagged', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    const oversell = newMovement.purchase(a, p, 1);
    const fine = newMovement.restock(a, p, 1);
    await world.push([oversell, fine]);
    const decide = (movementId: string, decision: 'accepted' | 'recount', scope: Scope = ALL) =>
      world.store.decideReview({ movementId, decision, userId: world.userId, scope, now: NOW });

    expect(await decide(oversell.id, 'recount', { all: false, warehouseIds: [b] })).toBeNull();
    expect(await decide(fine.id, 'accepted')).toBeNull();
    expect(await decide('00000000-0000-4000-8000-000000000000', 'accepted')).toBeNull();
    expect(await list()).toEqual([['refused', oversell.id]]);

    const first = await decide(oversell.id, 'recount');
    expect(first).toEqual({ movementId: oversell.id, decision: 'recount', decidedBy: world.userId, decidedAt: NOW });
    expect(await decide(oversell.id, 'accepted')).toEqual(first);
    expect(await list()).toEqual([]);
  });

  it('a movement pushed again after a restore keeps the verdict its device holds, or waits for review as restore_conflict', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 3)]);
    // Would apply now, but the device was told it was refused: it stays that refusal.
    const heldRefusal = {
      ...newMovement.purchase(a, p, 1),
      priorVerdict: { status: 'rejected' as const, reason: 'insufficient_stock' as const },
    };
    // Applies now as it did before.
    const heldApplied = { ...newMovement.purchase(a, p, 2), priorVerdict: { status: 'applied' as const } };
    // Was applied before the restore; the restored stock cannot take it.
    const conflict = { ...newMovement.purchase(a, p, 5), priorVerdict: { status: 'applied' as const } };
    const { verdicts } = await world.push([heldRefusal, heldApplied, conflict]);
    expect(verdicts.map((v) => v.reason ?? v.status)).toEqual(['insufficient_stock', 'applied', 'restore_conflict']);
    expect(await world.level(a, p)).toEqual({ qty: 1, version: 2 });
    // Pushed once more, each answers from storage (the held verdict is not part of the content).
    const again = await world.push([
      { ...heldRefusal, priorVerdict: { status: 'applied' as const } },
      heldApplied,
      conflict,
    ]);
    expect(again.verdicts).toEqual(verdicts);
    expect(await list()).toEqual([
      ['restore_conflict', conflict.id],
      ['refused', heldRefusal.id],
    ]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  it('in the restore settle window a held application the stock cannot take yet is parked: nothing stored, nothing changed', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 2)]);
    const applied = { status: 'applied' as const };
    const levelBefore = await world.level(a, p);
    const ledgerBefore = await wholeLedger(world.store);
    // Needs 5 where the restored store has 2; the next sale of the same device on that row
    // would fit, but waits behind it; a re-push on another row is decided as ever.
    const sale = { ...newMovement.purchase(a, p, 5), priorVerdict: applied };
    const behind = { ...newMovement.purchase(a, p, 1), priorVerdict: applied };
    const elsewhere = { ...newMovement.restock(b, p, 4), priorVerdict: applied };
    const settle = (movements: MovementInput[], settling: boolean) =>
      world.store.applyMovements({ userId: world.userId, scope: ALL, movements, now: NOW, settling });
    const first = await settle([sale, behind, elsewhere], true);
    expect(first.parked).toEqual([sale.id, behind.id]);
    expect(first.verdicts.map((v) => [v.id, v.status])).toEqual([[elsewhere.id, 'applied']]);
    expect(first.changes.movements.map((m) => m.id)).toEqual([elsewhere.id]);
    expect(await world.level(a, p)).toEqual(levelBefore);
    const ledgerAfter = await wholeLedger(world.store);
    expect(ledgerAfter.filter((m) => m.id !== elsewhere.id)).toEqual(ledgerBefore);
    expect(ledgerAfter.some((m) => m.id === sale.id || m.id === behind.id)).toBe(false);
    expect(await list()).toEqual([]);

    // Another device's re-pushed restock makes room: the sale and the one behind it apply, in order.
    await settle([{ ...newMovement.restock(a, p, 4), priorVerdict: applied }], true);
    const second = await settle([sale, behind], true);
    expect(second.parked ?? []).toEqual([]);
    expect(second.verdicts.map((v) => [v.id, v.status, v.stock.qty])).toEqual([
      [sale.id, 'applied', 1],
      [behind.id, 'applied', 0],
    ]);

    // A new sale waits for the window to close; a new restock does not.
    const fresh = newMovement.purchase(b, p, 1);
    const waiting = await settle([fresh, newMovement.restock(a, p, 1)], true);
    expect(waiting.parked).toEqual([fresh.id]);
    expect(waiting.verdicts.map((v) => v.status)).toEqual(['applied']);

    // Once the window has closed, what still cannot apply is refused restore_conflict and listed.
    const late = { ...newMovement.purchase(a, p, 3), priorVerdict: applied };
    expect((await settle([late], true)).parked).toEqual([late.id]);
    const closed = await settle([late], false);
    expect(closed.parked ?? []).toEqual([]);
    expect(closed.verdicts.map((v) => v.reason)).toEqual(['restore_conflict']);
    expect(await list()).toEqual([['restore_conflict', late.id]]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  it('a count pushed again with the outcome its device holds applies that outcome, not a new reconciliation', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 3)]);
    const settle = (movements: MovementInput[]) =>
      world.store.applyMovements({ userId: world.userId, scope: ALL, movements, now: NOW, settling: true });
    // The old store clamped this stale count (expected 1, counted 0, the row already at 0): it took nothing.
    const held = { requestedDelta: -1, appliedDelta: 0, stale: false, clamped: true, discrepancy: 1 };
    const count = { ...newMovement.count(a, p, 0, 1), priorVerdict: { status: 'applied' as const, count: held } };
    const again = await settle([count]);
    expect(again.verdicts.map((v) => [v.status, v.stock.qty, v.count])).toEqual([['applied', 3, held]]);
    // One that took 2 out then waits (parked) where the restored row has less, like a sale.
    const took = { requestedDelta: -2, appliedDelta: -2, stale: false, clamped: false, discrepancy: 0 };
    const big = { ...newMovement.count(a, p, 5, 7), priorVerdict: { status: 'applied' as const, count: took } };
    const sale = { ...newMovement.purchase(a, p, 2), priorVerdict: { status: 'applied' as const } };
    const first = await settle([sale, big]);
    expect(first.parked).toEqual([big.id]);
    expect(await world.level(a, p)).toMatchObject({ qty: 1 });
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  it("a held application waits for the row's earlier lost change, then applies in the old store's order", async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 5)]);
    const v = (await world.level(a, p)).version;
    const settle = (movements: MovementInput[]) =>
      world.store.applyMovements({ userId: world.userId, scope: ALL, movements, now: NOW, settling: true });
    // The old store gave this sale version v + 2: the change of version v + 1 (another device's) is not back yet.
    const sale = {
      ...newMovement.purchase(a, p, 5),
      priorVerdict: { status: 'applied' as const, stockVersion: v + 2 },
    };
    expect((await settle([sale])).parked).toEqual([sale.id]);
    expect(await world.level(a, p)).toMatchObject({ qty: 5, version: v });
    const earlier = {
      ...newMovement.restock(a, p, 1),
      priorVerdict: { status: 'applied' as const, stockVersion: v + 1 },
    };
    const back = await settle([earlier, sale]);
    expect(back.parked ?? []).toEqual([]);
    expect(back.verdicts.map((x) => [x.id, x.status, x.stock])).toEqual([
      [earlier.id, 'applied', { qty: 6, version: v + 1 }],
      [sale.id, 'applied', { qty: 1, version: v + 2 }],
    ]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });

  it('a push that is not settling parks nothing, whatever it carries', async () => {
    const [a] = world.w;
    const [p] = world.p;
    const conflict = { ...newMovement.purchase(a, p, 5), priorVerdict: { status: 'applied' as const } };
    const result = await world.push([conflict]);
    expect(result.parked ?? []).toEqual([]);
    expect(result.verdicts.map((v) => v.reason)).toEqual(['restore_conflict']);
  });
}
