import { describe, expect, it } from 'vitest';
import { computeAvailability } from './availability';
import { buildMovement, InvalidMovement } from './recording';
import { answeredMovement, movementInputOf } from './movements';
import type { LocalMovement } from './types';

const W1 = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const W2 = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const P = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
let n = 0;
const ctx = {
  deviceId: 'dev-1',
  newId: () => `3f1c2a57-9d0e-4b6a-8f5e-${String(++n).padStart(12, '0')}`,
  now: () => new Date('2026-11-26T08:00:00.000Z'),
};
const row = (warehouseId: string, qty: number, version: number) => ({
  warehouseId,
  productId: P,
  qty,
  threshold: 3,
  reorderQty: 0,
  version,
  updatedAt: null,
});

describe('computeAvailability', () => {
  it('adds pending deltas to the server quantity and marks the rows they touch', () => {
    const movements: LocalMovement[] = [
      buildMovement({ type: 'purchase', warehouseId: W1, productId: P, quantity: 2 }, ctx),
      buildMovement({ type: 'transfer', warehouseId: W1, toWarehouseId: W2, productId: P, quantity: 3 }, ctx),
    ];
    const result = computeAvailability(P, [{ id: W1 }, { id: W2 }], [row(W1, 10, 4)], movements);
    expect(result).toEqual([
      {
        warehouseId: W1,
        productId: P,
        serverQty: 10,
        pendingDelta: -5,
        available: 5,
        threshold: 3,
        version: 4,
        versionAfterPending: 6,
        pending: true,
        bins: [],
      },
      {
        warehouseId: W2,
        productId: P,
        serverQty: 0,
        pendingDelta: 3,
        available: 3,
        threshold: 0,
        version: 0,
        versionAfterPending: 1,
        pending: true,
        bins: [],
      },
    ]);
  });

  it('prefers a verdict level newer than the pulled row, so an answer never shows stale stock', () => {
    const sold = buildMovement({ type: 'purchase', warehouseId: W1, productId: P, quantity: 2 }, ctx);
    const applied = answeredMovement(
      sold,
      { id: sold.id, status: 'applied', stock: { qty: 8, version: 5 } },
      sold,
      sold.recordedAt,
    );
    const [w1] = computeAvailability(P, [{ id: W1 }], [row(W1, 10, 4)], [applied]);
    expect(w1).toMatchObject({ serverQty: 8, available: 8, version: 5, pending: false });
    const [later] = computeAvailability(P, [{ id: W1 }], [row(W1, 7, 6)], [applied]);
    expect(later).toMatchObject({ serverQty: 7, version: 6 });
  });

  it('lists the bins holding some, by code: pulled bin quantities plus pending bin deltas', () => {
    const [A, B, C] = [
      'a1a1a1a1-0000-4000-8000-000000000001',
      'b2b2b2b2-0000-4000-8000-000000000002',
      'c3c3c3c3-0000-4000-8000-000000000003',
    ];
    const codes = new Map([
      [A, { code: 'B-02' }],
      [B, { code: 'A-01' }],
      [C, { code: 'C-03' }],
    ]);
    const movements: LocalMovement[] = [
      buildMovement({ type: 'purchase', warehouseId: W1, locationId: A, productId: P, quantity: 4 }, ctx),
      buildMovement(
        { type: 'transfer', warehouseId: W1, toWarehouseId: W1, toLocationId: C, productId: P, quantity: 2 },
        ctx,
      ),
    ];
    const [w1] = computeAvailability(
      P,
      [{ id: W1 }],
      [{ ...row(W1, 10, 4), bins: { [A]: 4, [B]: 3 } }],
      movements,
      codes,
    );
    expect(w1).toMatchObject({ serverQty: 10, pendingDelta: -4, available: 6 });
    expect(w1?.bins).toEqual([
      { locationId: B, code: 'A-01', serverQty: 3, pendingDelta: 0, available: 3 },
      { locationId: C, code: 'C-03', serverQty: 0, pendingDelta: 2, available: 2 },
    ]);
  });

  it('never shows less than zero', () => {
    const movements = [buildMovement({ type: 'purchase', warehouseId: W1, productId: P, quantity: 9 }, ctx)];
    expect(computeAvailability(P, [{ id: W1 }], [row(W1, 5, 1)], movements)[0]).toMatchObject({
      available: 0,
      pendingDelta: -9,
    });
  });
});

describe('buildMovement', () => {
  it('refuses what the protocol would refuse, before anything is stored', () => {
    expect(() => buildMovement({ type: 'purchase', warehouseId: W1, productId: P, quantity: 0 }, ctx)).toThrow(
      InvalidMovement,
    );
    expect(() =>
      buildMovement({ type: 'transfer', warehouseId: W1, toWarehouseId: W1, productId: P, quantity: 1 }, ctx),
    ).toThrow(/different destination/);
    expect(() => buildMovement({ type: 'restock', warehouseId: 'nope', productId: P, quantity: 1 }, ctx)).toThrow(
      InvalidMovement,
    );
  });

  it('sends exactly the protocol fields', () => {
    const m = buildMovement(
      { type: 'count', warehouseId: W1, productId: P, countedQty: 4, expectedQty: 6, baseVersion: 2 },
      ctx,
    );
    expect(m).toMatchObject({ state: 'pending', verdict: null, dismissed: false, deviceId: 'dev-1' });
    expect(Object.keys(movementInputOf(m)).sort()).toEqual(
      [
        'baseVersion',
        'countedQty',
        'deviceId',
        'expectedQty',
        'id',
        'occurredAt',
        'productId',
        'type',
        'warehouseId',
      ].sort(),
    );
  });
});
