import { describe, expect, it } from 'vitest';
import { availability } from './availability';
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
