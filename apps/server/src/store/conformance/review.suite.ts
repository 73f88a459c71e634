import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Scope, Store } from '../port';
import { ALL, makeWorld, newMovement, NOW, type World } from './fixture';

/** The manager's review list: refused movements and stale or clamped counts, until decided. */
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
}
