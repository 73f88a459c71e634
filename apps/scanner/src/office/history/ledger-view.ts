import type { LedgerEntry, MovementType } from '@stockline/protocol';
import type { LedgerFilter } from '../../online/online-api';

/** The filter form as typed: dates are calendar days in the user's own time zone. */
export interface LedgerForm {
  warehouseId: string;
  productId: string;
  userId: string;
  deviceId: string;
  type: MovementType | '';
  status: 'applied' | 'rejected' | '';
  fromDay: string;
  toDay: string;
}

export const EMPTY_FORM: LedgerForm = {
  warehouseId: '',
  productId: '',
  userId: '',
  deviceId: '',
  type: '',
  status: '',
  fromDay: '',
  toDay: '',
};

/** Midnight at the start of a local calendar day (yyyy-mm-dd), as an ISO instant. */
function startOfDay(day: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

/** The server's filter: empty fields left out; "to" includes its whole day (the server's `to` is exclusive). */
export function filterOf(form: LedgerForm): LedgerFilter {
  const f: LedgerFilter = {};
  if (form.warehouseId) f.warehouseId = form.warehouseId;
  if (form.productId) f.productId = form.productId;
  if (form.userId) f.userId = form.userId;
  if (form.deviceId.trim()) f.deviceId = form.deviceId.trim();
  if (form.type) f.type = form.type;
  if (form.status) f.status = form.status;
  const from = startOfDay(form.fromDay);
  const to = startOfDay(form.toDay, 1);
  if (from) f.from = from;
  if (to) f.to = to;
  return f;
}

/** The change a line made, signed from the warehouse's point of view where that is known. */
export function quantityText(e: LedgerEntry): string {
  switch (e.type) {
    case 'purchase':
      return `−${e.quantity}`;
    case 'return':
    case 'restock':
      return `+${e.quantity}`;
    case 'transfer':
      return `${e.quantity} out`;
    case 'count': {
      const applied = e.verdict.count?.appliedDelta;
      const delta = applied === undefined ? '' : ` (${applied >= 0 ? '+' : '−'}${Math.abs(applied)})`;
      return `counted ${e.countedQty}${delta}`;
    }
  }
}

/** Stock after the line: at the warehouse, and for a transfer at the destination too. */
export function resultingStockText(e: LedgerEntry): string {
  if (e.verdict.status !== 'applied') return '—';
  // Version 0 after an applied movement: the leg is in a warehouse outside the reader's scope,
  // whose stock the server does not show.
  const here = e.verdict.stock.version === 0 ? '—' : String(e.verdict.stock.qty);
  return e.type === 'transfer' && e.verdict.toStock ? `${here} → ${e.verdict.toStock.qty} there` : here;
}

/** The bins a line names, by code: `A-01`, or for a transfer `A-01 → B-02` (— where one side has none); '' when none. */
export function binText(e: LedgerEntry, codeOf: (locationId: string) => string | undefined): string {
  const code = (id: string | undefined) => (id === undefined ? '' : (codeOf(id) ?? '…'));
  const from = code(e.locationId);
  const to = e.type === 'transfer' ? code(e.toLocationId) : '';
  if (from === '' && to === '') return '';
  return e.type === 'transfer' ? `${from || '—'} → ${to || '—'}` : from;
}

/** The warehouses whose bins a page of lines names (each is looked up once for its codes). */
export function warehousesWithBins(entries: readonly LedgerEntry[]): string[] {
  const ids = new Set<string>();
  for (const e of entries) {
    if (e.locationId !== undefined) ids.add(e.warehouseId);
    if (e.type === 'transfer' && e.toLocationId !== undefined) ids.add(e.toWarehouseId);
  }
  return [...ids];
}
