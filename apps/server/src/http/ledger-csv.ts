import type { LedgerEntry } from '@stockline/protocol';

/** The ledger export's columns: when, what, how much, who, from which device, and the verdict. */
export const LEDGER_CSV_COLUMNS = [
  'recordedAt',
  'occurredAt',
  'type',
  'warehouseId',
  'toWarehouseId',
  'productId',
  'quantity',
  'countedQty',
  'expectedQty',
  'username',
  'userId',
  'deviceId',
  'status',
  'reason',
  'qtyAfter',
  'toQtyAfter',
  'id',
] as const;

export function ledgerCsvRow(m: LedgerEntry): Array<string | number | null | undefined> {
  return [
    m.recordedAt,
    m.occurredAt,
    m.type,
    m.warehouseId,
    m.type === 'transfer' ? m.toWarehouseId : null,
    m.productId,
    m.type === 'count' ? null : m.quantity,
    m.type === 'count' ? m.countedQty : null,
    m.type === 'count' ? m.expectedQty : null,
    m.username,
    m.userId,
    m.deviceId,
    m.verdict.status,
    m.verdict.reason,
    m.verdict.stock.qty,
    m.verdict.toStock?.qty,
  ].concat([m.id]);
}
