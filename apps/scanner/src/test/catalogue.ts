import type { Product, Role, User, Warehouse } from '@stockline/protocol';

/** The small catalogue the component tests share: one warehouse, one product, one instant. */
export const AT = '2026-11-26T08:00:00.000Z';
export const MAIN_ID = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
export const WIDGET_ID = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';

export const blueWidget: Product = {
  id: WIDGET_ID,
  sku: 'WID-1',
  name: 'Blue widget',
  barcode: null,
  description: null,
  category: null,
  unit: null,
  packs: [],
  archived: false,
  updatedAt: AT,
};

export const mainStore: Warehouse = {
  id: MAIN_ID,
  code: 'MAIN',
  name: 'Main store',
  location: null,
  archived: false,
  updatedAt: AT,
};

/** A user of the role; clerks and managers work in the main store, an admin everywhere. */
export const userOf = (role: Role): User => ({
  id: '1f0e2d3c-4b5a-4697-8877-665544332211',
  username: role,
  role,
  warehouseIds: role === 'admin' ? [] : [MAIN_ID],
  active: true,
});

/** The session a signed-in app finds after a restart, as the sign-in screen leaves it. */
export function rememberSession(user: User): void {
  localStorage.setItem('stockline.session', JSON.stringify({ serverUrl: 'http://stock.local', token: 't', user }));
}
