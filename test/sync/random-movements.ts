import { seededRandom } from '../support/seeded-random';
import type { Replica } from '@stockline/replica';
import type { World } from './harness';

export type MovementKind = 'purchase' | 'return' | 'restock' | 'transfer' | 'count';

/** Records one movement of the given kind on a random row; sales outnumber receipts so some get refused. */
export async function recordRandom(
  replica: Replica,
  world: World,
  random: () => number,
  kind?: MovementKind,
): Promise<void> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const warehouse = pick(world.warehouses);
  const product = pick(world.products);
  const quantity = 1 + Math.floor(random() * 4);
  const k: MovementKind =
    kind ?? pick(['purchase', 'purchase', 'purchase', 'restock', 'return', 'transfer', 'count'] as const);
  const args = { warehouseId: warehouse.id, productId: product.id, quantity };
  switch (k) {
    case 'purchase':
      await replica.purchase(args);
      return;
    case 'return':
      await replica.return(args);
      return;
    case 'restock':
      await replica.restock(args);
      return;
    case 'transfer': {
      const to = pick(world.warehouses.filter((w) => w.id !== warehouse.id));
      await replica.transfer({ ...args, toWarehouseId: to.id });
      return;
    }
    case 'count':
      await replica.count({ warehouseId: warehouse.id, productId: product.id, countedQty: Math.floor(random() * 10) });
      return;
  }
}

/** The seeded generator every sync schedule draws from. */
export const rng = seededRandom;
