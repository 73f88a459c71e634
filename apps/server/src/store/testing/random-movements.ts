import { randomUUID } from 'node:crypto';
import type { MovementInput } from '@stockline/protocol';

/** Seeded randomness for the multi-process tests, so a failing schedule can be rerun. */
export { seededRandom } from '@stockline/test/support/seeded-random';

export interface Catalog {
  warehouses: string[];
  products: string[];
}

/** A batch of 1..maxSize movements over the catalog: mostly purchases, restocks and transfers. */
export function randomBatch(rand: () => number, catalog: Catalog, deviceId: string, maxSize: number): MovementInput[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const size = 1 + Math.floor(rand() * maxSize);
  const out: MovementInput[] = [];
  for (let i = 0; i < size; i++) {
    const base = {
      id: randomUUID(),
      warehouseId: pick(catalog.warehouses),
      productId: pick(catalog.products),
      deviceId,
      occurredAt: new Date().toISOString(),
    };
    const quantity = 1 + Math.floor(rand() * 5);
    const roll = rand();
    if (roll < 0.45) out.push({ ...base, type: 'purchase', quantity });
    else if (roll < 0.8) out.push({ ...base, type: 'restock', quantity });
    else if (roll < 0.95) {
      const to = catalog.warehouses.find((w) => w !== base.warehouseId) ?? base.warehouseId;
      out.push({ ...base, type: 'transfer', toWarehouseId: to, quantity });
    } else {
      out.push({ ...base, type: 'count', countedQty: Math.floor(rand() * 6), expectedQty: Math.floor(rand() * 6) });
    }
  }
  return out;
}
