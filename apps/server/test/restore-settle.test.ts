import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PARKING_PROTOCOL,
  PROTOCOL_HEADER,
  type PushMovementsResponse,
  type RecordedMovement,
} from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { startTestServer, type TestServer } from './support/harness';

/**
 * The restore settle window over HTTP: after the store's epoch is renewed, a device that speaks
 * PARKING_PROTOCOL is answered `parked` for a held application the stock cannot take yet, and
 * nothing is stored; an older device is answered at once, as before (restore_conflict).
 */
let t: TestServer;
let warehouseId: string;
let productId: string;

beforeAll(async () => {
  t = await startTestServer({ RESTORE_SETTLE_MS: '600000' });
  warehouseId = (await t.admin.createWarehouse({ code: 'WA', name: 'Warehouse A' })).id;
  productId = (await t.admin.createProduct({ sku: 'SKU-1', name: 'Pallet jack' })).id;
  await t.admin.push([movement({ type: 'restock', warehouseId, productId, quantity: 2 })]);
  await t.store.renewEpoch();
});

afterAll(async () => {
  await t?.close();
});

const heldSale = (quantity: number) => ({
  ...movement({ type: 'purchase' as const, warehouseId, productId, quantity }),
  priorVerdict: { status: 'applied' as const },
});
const ledgerIds = async () =>
  (await t.admin.request<{ items: RecordedMovement[] }>('GET', '/api/v1/movements?limit=500')).body.items.map(
    (m) => m.id,
  );

describe('POST /api/v1/movements in the restore settle window', () => {
  it('parks a held application the stock cannot take yet for a device that understands it; stores nothing', async () => {
    const sale = heldSale(5);
    const before = await ledgerIds();
    const stockBefore = (await t.admin.request('GET', `/api/v1/stock/${warehouseId}/${productId}`)).body;
    const reply = await t.admin.request<PushMovementsResponse>(
      'POST',
      '/api/v1/movements',
      { movements: [sale] },
      { [PROTOCOL_HEADER]: String(PARKING_PROTOCOL) },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ results: [], parked: [sale.id] });
    expect(await ledgerIds()).toEqual(before);
    expect((await t.admin.request('GET', `/api/v1/stock/${warehouseId}/${productId}`)).body).toEqual(stockBefore);
  });

  it('answers an older device a verdict for every movement, as before', async () => {
    const sale = heldSale(5);
    const reply = await t.admin.request<PushMovementsResponse>(
      'POST',
      '/api/v1/movements',
      { movements: [sale] },
      { [PROTOCOL_HEADER]: String(PARKING_PROTOCOL - 1) },
    );
    expect(reply.status).toBe(200);
    expect(reply.body.parked).toBeUndefined();
    expect(reply.body.results.map((v) => [v.id, v.reason])).toEqual([[sale.id, 'restore_conflict']]);
  });
});
