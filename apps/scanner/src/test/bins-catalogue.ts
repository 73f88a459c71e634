import type { Location, Product, User, Warehouse } from '@stockline/protocol';
import type { Availability } from '@stockline/replica';
import { AT, blueWidget, MAIN_ID, mainStore, WIDGET_ID } from './catalogue';

/**
 * A warehouse with bins for the component tests: Main store (from catalogue.ts) with bins A-01
 * and B-02, a Back store without any, the blue widget and a case-packed shoe.
 */
export const BACK_ID = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
export const SHOE_ID = 'd5e6f708-1929-4a3b-8c4d-5e6f70819203';
export const A01_ID = 'a0100000-0000-4000-8000-000000000001';
export const B02_ID = 'b0200000-0000-4000-8000-000000000002';

export const widget: Product = { ...blueWidget, barcode: '4006381333931' };
export const shoe: Product = {
  ...blueWidget,
  id: SHOE_ID,
  sku: 'SHOE-1',
  name: 'Work shoe',
  barcode: '4006381333955',
  unit: 'pair',
  packs: [{ barcode: '4006381333962', quantity: 12 }],
};
export const backStore: Warehouse = { ...mainStore, id: BACK_ID, code: 'BACK', name: 'Back store' };

const bin = (id: string, code: string, barcode: string): Location => ({
  id,
  warehouseId: MAIN_ID,
  code,
  name: `Shelf ${code}`,
  barcode,
  archived: false,
  updatedAt: AT,
});
export const binA01 = bin(A01_ID, 'A-01', 'LOC-A01');
export const binB02 = bin(B02_ID, 'B-02', 'LOC-B02');

const row = (warehouseId: string, productId: string, bins: { id: string; code: string; qty: number }[], loose = 0) => {
  const total = bins.reduce((sum, b) => sum + b.qty, loose);
  return {
    warehouseId,
    productId,
    serverQty: total,
    pendingDelta: 0,
    available: total,
    threshold: 0,
    version: 1,
    versionAfterPending: 1,
    pending: false,
    bins: bins.map((b) => ({ locationId: b.id, code: b.code, serverQty: b.qty, pendingDelta: 0, available: b.qty })),
  } satisfies Availability;
};

/** Widgets: 3 in A-01, 9 in B-02, 12 in all. Shoes: 5 in A-01 and 24 at the dock (in no bin). */
export const binStock: Availability[] = [
  row(MAIN_ID, WIDGET_ID, [
    { id: A01_ID, code: 'A-01', qty: 3 },
    { id: B02_ID, code: 'B-02', qty: 9 },
  ]),
  row(MAIN_ID, SHOE_ID, [{ id: A01_ID, code: 'A-01', qty: 5 }], 24),
  row(BACK_ID, WIDGET_ID, [], 7),
];

export const clerk: User = {
  id: '1f0e2d3c-4b5a-4697-8877-665544332211',
  username: 'clerk',
  role: 'clerk',
  warehouseIds: [MAIN_ID, BACK_ID],
  active: true,
};
