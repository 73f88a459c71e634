import type { LedgerEntry } from '@stockline/protocol';
import type { LedgerLabels } from '../services/ledger-labels';

/**
 * The ledger export's columns: when, what, how much, who, from which device, and the verdict;
 * warehouses and products by code, SKU, name and barcode beside their ids, so a person can read it.
 * The bins a line named (by code) come last, so the columns before them stay where they were.
 */
export const LEDGER_CSV_COLUMNS = [
  'recordedAt',
  'occurredAt',
  'type',
  'warehouseCode',
  'toWarehouseCode',
  'sku',
  'productName',
  'barcode',
  'quantity',
  'countedQty',
  'expectedQty',
  'username',
  'deviceId',
  'status',
  'reason',
  'qtyAfter',
  'toQtyAfter',
  'warehouseId',
  'toWarehouseId',
  'productId',
  'userId',
  'id',
  'locationCode',
  'toLocationCode',
] as const;

export async function ledgerCsvRow(
  m: LedgerEntry,
  labels: LedgerLabels,
): Promise<Array<string | number | null | undefined>> {
  const toWarehouseId = m.type === 'transfer' ? m.toWarehouseId : null;
  const product = await labels.product(m.productId);
  const toLocationId = m.type === 'transfer' ? m.toLocationId : undefined;
  const location = m.locationId === undefined ? undefined : await labels.location(m.locationId);
  const toLocation = toLocationId === undefined ? undefined : await labels.location(toLocationId);
  return [
    m.recordedAt,
    m.occurredAt,
    m.type,
    labels.warehouse(m.warehouseId)?.code,
    toWarehouseId === null ? null : labels.warehouse(toWarehouseId)?.code,
    product?.sku,
    product?.name,
    product?.barcode,
    m.type === 'count' ? null : m.quantity,
    m.type === 'count' ? m.countedQty : null,
    m.type === 'count' ? m.expectedQty : null,
    m.username,
    m.deviceId,
    m.verdict.status,
    m.verdict.reason,
    // Version 0: no row was ever written there, or it is outside the reader's scope (see
    // withVisibleStock); either way there is no stock to show.
    m.verdict.stock.version === 0 ? null : m.verdict.stock.qty,
    m.verdict.toStock?.qty,
    m.warehouseId,
    toWarehouseId,
    m.productId,
    m.userId,
    m.id,
    location?.code,
    toLocation?.code,
  ];
}
