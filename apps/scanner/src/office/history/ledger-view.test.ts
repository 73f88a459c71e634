import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '@stockline/protocol';
import { binText, EMPTY_FORM, filterOf, quantityText, resultingStockText, warehousesWithBins } from './ledger-view';

const base = {
  id: '00000000-0000-4000-8000-000000000001',
  warehouseId: '00000000-0000-4000-8000-0000000000aa',
  productId: '00000000-0000-4000-8000-0000000000bb',
  occurredAt: '2026-11-27T08:00:00.000Z',
  recordedAt: '2026-11-27T08:00:01.000Z',
  userId: '00000000-0000-4000-8000-0000000000cc',
  username: 'clerk',
};
const applied = (qty: number, extra: object = {}) => ({
  id: base.id,
  status: 'applied' as const,
  stock: { qty, version: 3 },
  ...extra,
});

describe('ledger view', () => {
  it('sends only the filters that are set, and takes the "to" day whole', () => {
    expect(filterOf(EMPTY_FORM)).toEqual({});
    const f = filterOf({
      ...EMPTY_FORM,
      type: 'purchase',
      deviceId: ' dev-1 ',
      fromDay: '2026-11-01',
      toDay: '2026-11-27',
    });
    expect(f.type).toBe('purchase');
    expect(f.deviceId).toBe('dev-1');
    expect(new Date(f.from!).getDate()).toBe(1);
    // The server's `to` is exclusive: the day after the chosen one, at local midnight.
    const to = new Date(f.to!);
    expect([to.getMonth(), to.getDate(), to.getHours()]).toEqual([10, 28, 0]);
  });

  it('says what each line did to the stock', () => {
    const sale = { ...base, type: 'purchase', quantity: 4, verdict: applied(6) } as LedgerEntry;
    expect(quantityText(sale)).toBe('−4');
    expect(resultingStockText(sale)).toBe('6');
    const count = {
      ...base,
      type: 'count',
      countedQty: 7,
      expectedQty: 9,
      verdict: applied(7, {
        count: { requestedDelta: -2, appliedDelta: -2, stale: false, clamped: false, discrepancy: 0 },
      }),
    } as LedgerEntry;
    expect(quantityText(count)).toBe('counted 7 (−2)');
    const transfer = {
      ...base,
      type: 'transfer',
      quantity: 2,
      toWarehouseId: base.userId,
      verdict: applied(1, { toStock: { qty: 5, version: 1 } }),
    } as LedgerEntry;
    expect(resultingStockText(transfer)).toBe('1 → 5 there');
    const refused = {
      ...base,
      type: 'purchase',
      quantity: 9,
      verdict: { id: base.id, status: 'rejected', reason: 'insufficient_stock', stock: { qty: 6, version: 3 } },
    } as LedgerEntry;
    expect(resultingStockText(refused)).toBe('—');
    // A leg outside the reader's scope comes without its stock (version 0, toStock left out).
    const inbound = {
      ...base,
      type: 'transfer',
      quantity: 2,
      toWarehouseId: base.userId,
      verdict: applied(0, { stock: { qty: 0, version: 0 }, toStock: { qty: 12, version: 4 } }),
    } as LedgerEntry;
    expect(resultingStockText(inbound)).toBe('— → 12 there');
    const outbound = {
      ...base,
      type: 'transfer',
      quantity: 2,
      toWarehouseId: base.userId,
      verdict: applied(10),
    } as LedgerEntry;
    expect(resultingStockText(outbound)).toBe('10');
  });

  it('names the bins of a line by code, and which warehouses’ bins to look up', () => {
    const [A, B, FAR] = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b', 'far'];
    const codes = new Map([
      [A, 'A-01'],
      [B, 'B-02'],
    ]);
    const codeOf = (id: string) => codes.get(id);
    const line = (extra: object) => ({ ...base, verdict: applied(5), ...extra }) as LedgerEntry;
    const plain = line({ type: 'restock', quantity: 1 });
    expect(binText(plain, codeOf)).toBe('');
    expect(binText(line({ type: 'restock', quantity: 1, locationId: A }), codeOf)).toBe('A-01');
    const other = '00000000-0000-4000-8000-0000000000dd';
    const binToBin = line({ type: 'transfer', quantity: 1, toWarehouseId: other, locationId: A, toLocationId: B });
    expect(binText(binToBin, codeOf)).toBe('A-01 → B-02');
    expect(binText(line({ type: 'transfer', quantity: 1, toWarehouseId: other, toLocationId: B }), codeOf)).toBe(
      '— → B-02',
    );
    // A code not known yet (its warehouse's list still on its way) is pending, not blank.
    expect(binText(line({ type: 'count', countedQty: 1, expectedQty: 0, locationId: FAR }), codeOf)).toBe('…');
    expect(warehousesWithBins([plain, binToBin])).toEqual([base.warehouseId, other]);
    expect(warehousesWithBins([plain])).toEqual([]);
  });
});
