import type { User, Warehouse, Product } from '@stockline/protocol';
import type { Api } from '@stockline/test/support/api';
import type { TestServer } from './harness';

export interface Staff {
  warehouses: { a: Warehouse; b: Warehouse };
  product: Product;
  users: { managerA: User; managerB: User; clerkA: User; clerkB: User };
  as: { admin: Api; managerA: Api; managerB: Api; clerkA: Api; clerkB: Api };
}

/** Two warehouses, one product, and a manager and a clerk for each warehouse, all logged in. */
export async function makeStaff(t: TestServer): Promise<Staff> {
  const a = await t.admin.createWarehouse({ code: 'WA', name: 'Warehouse A' });
  const b = await t.admin.createWarehouse({ code: 'WB', name: 'Warehouse B' });
  const product = await t.admin.createProduct({ sku: 'SKU-1', name: 'Pallet jack', barcode: '4006381333931' });
  const managerA = await t.admin.createUser({ username: 'manager-a', role: 'manager', warehouseIds: [a.id] });
  const managerB = await t.admin.createUser({ username: 'manager-b', role: 'manager', warehouseIds: [b.id] });
  const clerkA = await t.admin.createUser({ username: 'clerk-a', role: 'clerk', warehouseIds: [a.id] });
  const clerkB = await t.admin.createUser({ username: 'clerk-b', role: 'clerk', warehouseIds: [b.id] });
  return {
    warehouses: { a, b },
    product,
    users: { managerA, managerB, clerkA, clerkB },
    as: {
      admin: t.admin,
      managerA: await t.login('manager-a'),
      managerB: await t.login('manager-b'),
      clerkA: await t.login('clerk-a'),
      clerkB: await t.login('clerk-b'),
    },
  };
}
