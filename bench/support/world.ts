import type { Product, Warehouse } from '@stockline/protocol';
import { Api, movement } from '@stockline/test/support/api';

export interface BenchWorld {
  admin: Api;
  warehouses: Warehouse[];
  products: Product[];
}

/** Warehouses and products created over the API, every row stocked with plenty. */
export async function makeWorld(
  url: string,
  shape: { warehouses: number; products: number; qty?: number },
): Promise<BenchWorld> {
  const admin = await Api.login(url);
  const warehouses: Warehouse[] = [];
  for (let i = 0; i < shape.warehouses; i++) warehouses.push(await admin.createWarehouse());
  const products: Product[] = [];
  for (let i = 0; i < shape.products; i++) products.push(await admin.createProduct());
  for (const w of warehouses) {
    for (let i = 0; i < products.length; i += 500) {
      await admin.push(
        products
          .slice(i, i + 500)
          .map((p) =>
            movement({ type: 'restock', warehouseId: w.id, productId: p.id, quantity: shape.qty ?? 1_000_000 }),
          ),
      );
    }
  }
  return { admin, warehouses, products };
}

export const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length] as T;
