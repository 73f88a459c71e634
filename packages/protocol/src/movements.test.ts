import { describe, expect, it } from 'vitest';
import { MovementInput, PushMovementsRequest } from './movements';

const base = {
  id: '3f1c2a57-9d0e-4b6a-8f5e-2a7c1d9b0e41',
  warehouseId: '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b',
  productId: 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293',
  occurredAt: '2026-11-26T08:15:00.000Z',
};

describe('MovementInput', () => {
  it('accepts each movement type', () => {
    for (const m of [
      { ...base, type: 'purchase', quantity: 1 },
      { ...base, type: 'return', quantity: 2, deviceId: 'dev-1' },
      { ...base, type: 'restock', quantity: 500 },
      { ...base, type: 'transfer', quantity: 3, toWarehouseId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d' },
      { ...base, type: 'count', countedQty: 0, expectedQty: 4, baseVersion: 7 },
      { ...base, type: 'count', countedQty: 9, expectedQty: 4 },
      { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'applied' } },
      { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'rejected', reason: 'insufficient_stock' } },
    ]) {
      expect(MovementInput.safeParse(m).success, JSON.stringify(m)).toBe(true);
    }
  });

  it.each([
    ['negative quantity', { ...base, type: 'purchase', quantity: -1 }],
    ['zero quantity', { ...base, type: 'purchase', quantity: 0 }],
    ['fractional quantity', { ...base, type: 'purchase', quantity: 1.5 }],
    ['quantity as text', { ...base, type: 'purchase', quantity: '1' }],
    ['unknown type', { ...base, type: 'steal', quantity: 1 }],
    ['missing id', { ...base, id: undefined, type: 'purchase', quantity: 1 }],
    ['id not a uuid', { ...base, id: 'abc', type: 'purchase', quantity: 1 }],
    ['operator object', { ...base, type: 'purchase', quantity: { $gt: 0 } }],
    ['$-prefixed key', { ...base, type: 'purchase', quantity: 1, $where: 'x' }],
    ['unknown key', { ...base, type: 'purchase', quantity: 1, price: 3 }],
    ['transfer to itself', { ...base, type: 'transfer', quantity: 1, toWarehouseId: base.warehouseId }],
    ['transfer without destination', { ...base, type: 'transfer', quantity: 1 }],
    ['count with a quantity', { ...base, type: 'count', quantity: 1, countedQty: 1, expectedQty: 1 }],
    ['negative count', { ...base, type: 'count', countedQty: -1, expectedQty: 1 }],
    ['bad timestamp', { ...base, occurredAt: 'yesterday', type: 'purchase', quantity: 1 }],
    ['held refusal without a reason', { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'rejected' } }],
    ['held verdict of unknown status', { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'pending' } }],
    [
      'held verdict with its stock',
      { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'applied', stock: { qty: 1, version: 1 } } },
    ],
    [
      'held refusal of unknown reason',
      { ...base, type: 'purchase', quantity: 1, priorVerdict: { status: 'rejected', reason: 'lost' } },
    ],
  ])('refuses %s', (_name, m) => {
    expect(MovementInput.safeParse(m).success).toBe(false);
  });

  it('bounds a batch to 1..500 movements', () => {
    const one = { ...base, type: 'restock', quantity: 1 };
    expect(PushMovementsRequest.safeParse({ movements: [] }).success).toBe(false);
    expect(PushMovementsRequest.safeParse({ movements: Array(500).fill(one) }).success).toBe(true);
    expect(PushMovementsRequest.safeParse({ movements: Array(501).fill(one) }).success).toBe(false);
  });
});
