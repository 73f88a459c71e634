import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Store } from '../core/port';
import { ALL, makeWorld, newMovement, NOW, type World } from './fixture';

/** I6: one open alert per fall below the threshold, resolved on recovery; thresholds; acks. */
export function alertSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  const unresolved = async () => (await world.store.listAlerts({ scope: ALL })).filter((a) => a.status !== 'resolved');

  it('raises exactly one alert per fall, resolves it on recovery, raises again on the next fall', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 10)]);
    await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 5, now: NOW });
    expect(await world.store.listAlerts({ scope: ALL })).toEqual([]);

    const fall = newMovement.purchase(a, p, 6);
    const first = await world.push([fall]);
    expect(first.changes.alerts).toEqual([
      expect.objectContaining({
        warehouseId: a,
        productId: p,
        qty: 4,
        threshold: 5,
        status: 'open',
        movementId: fall.id,
      }),
    ]);
    const further = await world.push([newMovement.purchase(a, p, 1), newMovement.purchase(a, p, 1)]);
    expect(further.changes.alerts).toEqual([]);
    expect(await unresolved()).toHaveLength(1);

    const recovery = await world.push([newMovement.restock(a, p, 10)]);
    expect(recovery.changes.alerts).toEqual([expect.objectContaining({ status: 'resolved', resolvedAt: NOW })]);
    expect(await unresolved()).toEqual([]);

    await world.push([newMovement.purchase(a, p, 9)]);
    const all = await world.store.listAlerts({ scope: ALL });
    expect(all.map((x) => x.status).sort()).toEqual(['open', 'resolved']);
    expect(await world.store.listAlerts({ scope: ALL, status: 'open' })).toHaveLength(1);
  });

  it('raising the threshold above the stock raises one alert; lowering it resolves it', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 13)]);
    const raised = await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 20, now: NOW });
    expect(raised.row).toMatchObject({ qty: 13, threshold: 20, version: 1 });
    expect(raised.changes.alerts).toEqual([
      expect.objectContaining({ qty: 13, threshold: 20, status: 'open', movementId: null }),
    ]);
    expect(raised.changes.stock).toEqual([raised.row]);
    const again = await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 25, now: NOW });
    expect(again.changes.alerts).toEqual([]);
    const lowered = await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 10, now: NOW });
    expect(lowered.changes.alerts).toEqual([expect.objectContaining({ status: 'resolved' })]);
    expect(await unresolved()).toEqual([]);
    expect((await world.store.listStock({ scope: ALL, low: true })).length).toBe(0);
  });

  it('a threshold on a row that never moved creates it at zero', async () => {
    const [a] = world.w;
    const [p] = world.p;
    const { row } = await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 3, now: NOW });
    expect(row).toMatchObject({ warehouseId: a, productId: p, qty: 0, threshold: 3, version: 0 });
    expect(await world.store.listStock({ scope: ALL, low: true })).toEqual([row]);
    expect(await unresolved()).toHaveLength(1);
  });

  it('acknowledging is idempotent, and an acknowledged alert still resolves on recovery', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([newMovement.restock(a, p, 2)]);
    const { changes } = await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 5, now: NOW });
    const alert = changes.alerts[0];
    if (!alert) throw new Error('no alert raised');
    const later = '2026-01-02T00:00:00.000Z';
    const acked = await world.store.acknowledgeAlert({ id: alert.id, userId: world.userId, now: later });
    expect(acked?.alert).toMatchObject({ status: 'acknowledged', acknowledgedAt: later, acknowledgedBy: world.userId });
    expect(acked?.changes.alerts).toHaveLength(1);
    const again = await world.store.acknowledgeAlert({
      id: alert.id,
      userId: world.userId,
      now: '2026-01-03T00:00:00.000Z',
    });
    expect(again?.alert).toEqual(acked?.alert);
    expect(again?.changes.alerts).toEqual([]);
    expect(await world.store.acknowledgeAlert({ id: world.p[1], userId: world.userId, now: later })).toBeNull();

    // Still low: no second alert while the first is unresolved.
    await world.push([newMovement.purchase(a, p, 1)]);
    expect(await unresolved()).toHaveLength(1);
    await world.push([newMovement.restock(a, p, 10)]);
    expect(await world.store.getAlert(alert.id)).toMatchObject({ status: 'resolved', acknowledgedBy: world.userId });
  });

  it('lists alerts by scope, status and warehouse', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    await world.store.setThreshold({ warehouseId: a, productId: p, threshold: 1, now: NOW });
    await world.store.setThreshold({ warehouseId: b, productId: p, threshold: 1, now: NOW });
    expect(await world.store.listAlerts({ scope: ALL })).toHaveLength(2);
    expect(await world.store.listAlerts({ scope: { all: false, warehouseIds: [b] } })).toEqual([
      expect.objectContaining({ warehouseId: b }),
    ]);
    expect(await world.store.listAlerts({ scope: ALL, warehouseId: a })).toEqual([
      expect.objectContaining({ warehouseId: a }),
    ]);
    expect(await world.store.listAlerts({ scope: ALL, status: 'acknowledged' })).toEqual([]);
  });
}
