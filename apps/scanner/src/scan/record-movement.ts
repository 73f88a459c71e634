import type { Location, Product, Warehouse } from '@stockline/protocol';
import type { Replica } from '@stockline/replica';
import { i18n } from '../i18n/i18n';
import { MOVEMENT_LABEL } from '../outbox/reason-text';
import type { ActionKind } from '../scan-actions/ActionButtons';
import { rememberDestination } from '../scan-actions/TransferPicker';
import { formatQty } from '../ui/format';

/** One action on the open product, as the clerk asked for it. */
export interface RecordRequest {
  kind: ActionKind;
  product: Product;
  warehouseId: string;
  quantity: number;
  /** The current bin: the movement comes from or goes to it. */
  bin: Location | null;
  toWarehouseId?: string;
  countedQty?: number;
}

/**
 * Queues the movement on the device and returns its id; null when the action lacks what it needs
 * (a transfer's destination, a count's figure). A transfer's destination is remembered for next time.
 */
export async function recordMovement(replica: Replica, userId: string, r: RecordRequest): Promise<string | null> {
  const inBin = r.bin ? { locationId: r.bin.id } : {};
  const args = { warehouseId: r.warehouseId, productId: r.product.id, quantity: r.quantity, ...inBin };
  if (r.kind === 'purchase') return (await replica.purchase(args)).id;
  if (r.kind === 'return') return (await replica.return(args)).id;
  if (r.kind === 'restock') return (await replica.restock(args)).id;
  if (r.kind === 'transfer' && r.toWarehouseId) {
    const id = (await replica.transfer({ ...args, toWarehouseId: r.toWarehouseId })).id;
    rememberDestination(userId, r.toWarehouseId);
    return id;
  }
  if (r.kind === 'count' && r.countedQty !== undefined)
    return (
      await replica.count({ warehouseId: r.warehouseId, productId: r.product.id, countedQty: r.countedQty, ...inBin })
    ).id;
  return null;
}

/** The line under the buttons saying what was just recorded ("Sale of 2 × Blue widget at A-01"). */
export function recordedText(r: RecordRequest, warehouses: ReadonlyMap<string, Warehouse>): string {
  const what =
    r.kind === 'count'
      ? i18n.t('scan.countOf', { qty: formatQty(r.countedQty ?? 0) })
      : i18n.t('scan.movementOf', { label: MOVEMENT_LABEL[r.kind], qty: formatQty(r.quantity) });
  const text = r.toWarehouseId
    ? i18n.t('scan.noteWhatTo', {
        what,
        product: r.product.name,
        warehouse: warehouses.get(r.toWarehouseId)?.name ?? i18n.t('scan.theOtherWarehouse'),
      })
    : i18n.t('scan.noteWhat', { what, product: r.product.name });
  return r.bin ? i18n.t('bins.noteAt', { what: text, code: r.bin.code }) : text;
}
