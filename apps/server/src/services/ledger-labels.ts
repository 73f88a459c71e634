import type { Location, Product, Warehouse } from '@stockline/protocol';
import type { Store } from '../store/core/port';

/** What a ledger line names beside its ids: the warehouse and bin codes and the product's SKU, name and barcode. */
export interface LedgerLabels {
  warehouse(id: string): Warehouse | undefined;
  product(id: string): Promise<Product | undefined>;
  location(id: string): Promise<Location | undefined>;
}

/**
 * Labels for one export: warehouses are few (read once); products and bins are read as lines
 * name them and kept, so a long export reads each once, never the whole catalogue.
 */
export async function ledgerLabels(store: Store): Promise<LedgerLabels> {
  const warehouses = new Map((await store.listWarehouses({ all: true })).map((w) => [w.id, w]));
  const products = new Map<string, Product | undefined>();
  const locations = new Map<string, Location | undefined>();
  return {
    warehouse: (id) => warehouses.get(id),
    async location(id) {
      if (!locations.has(id)) locations.set(id, (await store.getLocation(id)) ?? undefined);
      return locations.get(id);
    },
    async product(id) {
      if (!products.has(id)) products.set(id, (await store.getProduct(id)) ?? undefined);
      return products.get(id);
    },
  };
}
