import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Scope, Store } from '../core/port';
import { ALL, ledgerMismatches, makeWorld, newMovement, NOW, type World } from './fixture';

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
    const heldRefusal = { ...newMovement.purchase(a, p, 1), priorVerdict: { status: 'rejected' as const, reason: 'insufficient_stock' as const } };
    // Applies now as it did before.
    const heldApplied = { ...newMovement.purchase(a, p, 2), priorVerdict: { status: 'applied' as const } };
    // Was applied before the restore; the restored stock cannot take it.
    const conflict = { ...newMovement.purchase(a, p, 5), priorVerdict: { status: 'applied' as const } };
    const { verdicts } = await world.push([heldRefusal, heldApplied, conflict]);
    expect(verdicts.map((v) => v.reason ?? v.status)).toEqual(['insufficient_stock', 'applied', 'restore_conflict']);
    expect(await world.level(a, p)).toEqual({ qty: 1, version: 2 });
    // Pushed once more, each answers from storage (the held verdict is not part of the content).
    const again = await world.push([{ ...heldRefusal, priorVerdict: { status: 'applied' as const } }, heldApplied, conflict]);
    expect(again.verdicts).toEqual(verdicts);
    expect(await list()).toEqual([
      ['restore_conflict', conflict.id],
      ['refused', heldRefusal.id],
    ]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
  });
}
