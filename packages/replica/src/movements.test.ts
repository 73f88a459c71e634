import { describe, expect, it } from 'vitest';
import { answeredMovement, pendingMovement, pushedInputOf } from './movements';

const input = {
  id: '3f1c2a57-9d0e-4b6a-8f5e-2a7c1d9b0e41',
  warehouseId: '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b',
  productId: 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293',
  occurredAt: '2026-11-26T08:15:00.000Z',
  type: 'purchase' as const,
  quantity: 2,
};
const at = '2026-11-26T08:15:01.000Z';
const stock = { qty: 4, version: 3 };

describe('pushedInputOf', () => {
  it('sends a first push without a held verdict', () => {
    expect(pushedInputOf(pendingMovement(input, at))).toEqual(input);
  });

  it('sends the bins a movement names: a sale from a bin, a putaway into one, a bin count', () => {
    const bin = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    const sale = { ...input, locationId: bin };
    expect(pushedInputOf(pendingMovement(sale, at))).toEqual(sale);
    const putaway = { ...input, type: 'transfer' as const, toWarehouseId: input.warehouseId, toLocationId: bin };
    expect(pushedInputOf(pendingMovement(putaway, at))).toEqual(putaway);
    const { quantity: _, ...envelope } = input;
    const count = {
      ...envelope,
      type: 'count' as const,
      locationId: bin,
      countedQty: 3,
      expectedQty: 1,
      baseVersion: 2,
    };
    expect(pushedInputOf(pendingMovement(count, at))).toEqual(count);
  });

  it('sends the held verdict of a movement queued again after a restore: status and reason, or the row versions and a count outcome it applied with', () => {
    const applied = answeredMovement(input, { id: input.id, status: 'applied', stock }, null, at);
    const refused = answeredMovement(input, { id: input.id, status: 'rejected', reason: 'archived', stock }, null, at);
    expect(pushedInputOf({ ...applied, state: 'pending' })).toEqual({
      ...input,
      priorVerdict: { status: 'applied', stockVersion: stock.version },
    });
    const transfer = { ...input, type: 'transfer' as const, toWarehouseId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d' };
    const moved = answeredMovement(
      transfer,
      { id: input.id, status: 'applied', stock, toStock: { qty: 2, version: 7 } },
      null,
      at,
    );
    expect(pushedInputOf({ ...moved, state: 'pending' }).priorVerdict).toEqual({
      status: 'applied',
      stockVersion: 3,
      toStockVersion: 7,
    });
    const { quantity: _, ...envelope } = input;
    const count = { ...envelope, type: 'count' as const, countedQty: 0, expectedQty: 1 };
    const outcome = { requestedDelta: -1, appliedDelta: 0, stale: false, clamped: true, discrepancy: 1 };
    const counted = answeredMovement(count, { id: input.id, status: 'applied', stock, count: outcome }, null, at);
    expect(pushedInputOf({ ...counted, state: 'pending' }).priorVerdict).toEqual({
      status: 'applied',
      count: outcome,
      stockVersion: 3,
    });
    expect(pushedInputOf({ ...refused, state: 'pending' })).toEqual({
      ...input,
      priorVerdict: { status: 'rejected', reason: 'archived' },
    });
  });
});
