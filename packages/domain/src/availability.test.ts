import { describe, expect, it } from 'vitest';
import { availability, binsAvailability } from './availability';
import type { MovementIntent } from './movement';

describe('availability', () => {
  it('adds pending deltas of this product at this warehouse, transfers included', () => {
    const pending: MovementIntent[] = [
      { type: 'purchase', warehouseId: 'a', productId: 'p', quantity: 2 },
      { type: 'restock', warehouseId: 'a', productId: 'p', quantity: 10 },
      { type: 'transfer', warehouseId: 'b', toWarehouseId: 'a', productId: 'p', quantity: 3 },
      { type: 'transfer', warehouseId: 'a', toWarehouseId: 'b', productId: 'p', quantity: 1 },
      { type: 'purchase', warehouseId: 'a', productId: 'other', quantity: 99 },
      { type: 'count', warehouseId: 'a', productId: 'p', countedQty: 4, expectedQty: 6 },
    ];
    expect(availability(5, 'a', 'p', pending)).toEqual({ serverQty: 5, pendingDelta: 8, available: 13 });
    expect(availability(5, 'b', 'p', pending)).toEqual({ serverQty: 5, pendingDelta: -2, available: 3 });
  });

  it('never shows a negative quantity', () => {
    const pending: MovementIntent[] = [{ type: 'purchase', warehouseId: 'a', productId: 'p', quantity: 9 }];
    expect(availability(2, 'a', 'p', pending).available).toBe(0);
  });
});

describe('binsAvailability', () => {
  it('adds pending bin deltas: sales and putaway out of and into bins, bin counts, not warehouse counts', () => {
    const pending: MovementIntent[] = [
      { type: 'purchase', warehouseId: 'a', locationId: 'x', productId: 'p', quantity: 2 },
      { type: 'transfer', warehouseId: 'a', toWarehouseId: 'a', toLocationId: 'y', productId: 'p', quantity: 3 },
      {
        type: 'transfer',
        warehouseId: 'a',
        locationId: 'y',
        toWarehouseId: 'b',
        toLocationId: 'z',
        productId: 'p',
        quantity: 1,
      },
      { type: 'count', warehouseId: 'a', locationId: 'x', productId: 'p', countedQty: 4, expectedQty: 3 },
      { type: 'count', warehouseId: 'a', productId: 'p', countedQty: 40, expectedQty: 3 },
      { type: 'purchase', warehouseId: 'a', locationId: 'x', productId: 'other', quantity: 9 },
    ];
    const bins = binsAvailability({ x: 5 }, 'a', 'p', pending);
    expect(Object.fromEntries(bins)).toEqual({
      x: { serverQty: 5, pendingDelta: -1, available: 4 },
      y: { serverQty: 0, pendingDelta: 2, available: 2 },
    });
    expect(Object.fromEntries(binsAvailability(undefined, 'b', 'p', pending))).toEqual({
      z: { serverQty: 0, pendingDelta: 1, available: 1 },
    });
  });

  it('never shows a bin below zero', () => {
    const pending: MovementIntent[] = [
      { type: 'purchase', warehouseId: 'a', locationId: 'x', productId: 'p', quantity: 9 },
    ];
    expect(binsAvailability({ x: 2 }, 'a', 'p', pending).get('x')?.available).toBe(0);
  });
});
