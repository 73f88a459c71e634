import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Scope, Store } from '../core/port';
import { ALL, makeWorld, type World } from './fixture';

/** Unknown codes: one entry per (code, warehouse), the latest sighting's who, open until resolved. */
export function unknownCodeSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  const report = (
    code: string,
    warehouseId: string,
    scannedAt: string,
    userId = world.userId,
    deviceId: string | null = 'dev-1',
  ) => world.store.reportUnknownCode({ id: randomUUID(), code, warehouseId, deviceId, userId, scannedAt });
  const list = async (scope: Scope = ALL, warehouseId?: string) =>
    (await world.store.listUnknownCodes({ scope, warehouseId, limit: 100 })).map((i) => [
      i.code,
      i.warehouseId,
      i.count,
    ]);

  it('counts repeats per code and warehouse, keeps the latest sighting’s user and device, lists last seen first in scope', async () => {
    const [a, b] = world.w;
    const other = randomUUID();
    const first = await report('X-1', a, '2026-01-02T10:00:00.000Z');
    const later = await report('X-1', a, '2026-01-02T12:00:00.000Z', other, '$dev');
    const older = await report('X-1', a, '2026-01-02T09:00:00.000Z');
    expect(later.id).toBe(first.id);
    expect(older).toMatchObject({
      id: first.id,
      count: 3,
      userId: other,
      deviceId: '$dev',
      firstSeenAt: '2026-01-02T09:00:00.000Z',
      lastSeenAt: '2026-01-02T12:00:00.000Z',
    });
    await report('X-1', b, '2026-01-02T11:00:00.000Z');
    await report('Y-2', b, '2026-01-02T13:00:00.000Z');
    expect(await list()).toEqual([
      ['Y-2', b, 1],
      ['X-1', a, 3],
      ['X-1', b, 1],
    ]);
    expect(await list({ all: false, warehouseIds: [a] })).toEqual([['X-1', a, 3]]);
    expect(await list(ALL, b)).toEqual([
      ['Y-2', b, 1],
      ['X-1', b, 1],
    ]);
  });

  it('a product carrying the code resolves it; a dismissal holds until a later sighting, and never outside scope', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    await report('NEW-1', a, '2026-01-02T10:00:00.000Z');
    await report('EDIT-2', a, '2026-01-02T11:00:00.000Z');
    const gone = await report('GONE-3', b, '2026-01-02T12:00:00.000Z');
    await world.store.createProduct({
      id: randomUUID(),
      sku: 'SKU-N',
      name: 'New',
      barcode: 'NEW-1',
      now: '2026-01-02T13:00:00.000Z',
    });
    await world.store.updateProduct({ id: p, patch: { barcode: 'EDIT-2' }, now: '2026-01-02T13:00:00.000Z' });
    expect(await list()).toEqual([['GONE-3', b, 1]]);

    expect(
      await world.store.dismissUnknownCode({
        id: gone.id,
        scope: { all: false, warehouseIds: [a] },
        now: '2026-01-02T14:00:00.000Z',
      }),
    ).toBeNull();
    expect(
      await world.store.dismissUnknownCode({ id: randomUUID(), scope: ALL, now: '2026-01-02T14:00:00.000Z' }),
    ).toBeNull();
    expect(
      await world.store.dismissUnknownCode({ id: gone.id, scope: ALL, now: '2026-01-02T14:00:00.000Z' }),
    ).toMatchObject({ id: gone.id });
    expect(
      await world.store.dismissUnknownCode({ id: gone.id, scope: ALL, now: '2026-01-02T15:00:00.000Z' }),
    ).toMatchObject({ id: gone.id });
    expect(await list()).toEqual([]);
    // A queued report of the sighting before the dismissal keeps it dismissed; a new sighting reopens it.
    await report('GONE-3', b, '2026-01-02T12:30:00.000Z');
    expect(await list()).toEqual([]);
    await report('GONE-3', b, '2026-01-02T16:00:00.000Z');
    expect(await list()).toEqual([['GONE-3', b, 3]]);
  });
}
