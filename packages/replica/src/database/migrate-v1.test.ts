import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { stockKey } from '@stockline/domain';
import { createReplicaDatabase } from './create';
import { productSchema, stockSchema, warehouseSchema } from './schemas';

/** A version-1 schema as it shipped at version 0: without the fields version 1 added. */
function asShippedV0<T>(schema: RxJsonSchema<T>, added: string[]): RxJsonSchema<any> {
  const properties = { ...(schema.properties as Record<string, any>) };
  for (const field of added) delete properties[field];
  return {
    ...(schema as RxJsonSchema<any>),
    version: 0,
    properties,
    required: (schema.required as string[]).filter((f) => !added.includes(f)),
  };
}

describe('replica schema migration to version 1', () => {
  it('keeps a device’s stored catalogue and stock, giving the new fields their defaults', async () => {
    const storage = getRxStorageMemory();
    const name = `migrate-${Date.now()}`;
    const old = await createRxDatabase<Record<'products' | 'warehouses' | 'stock', RxCollection>>({
      name,
      storage,
      multiInstance: false,
    });
    await old.addCollections({
      products: { schema: asShippedV0(productSchema, ['unit', 'archived']) },
      warehouses: { schema: asShippedV0(warehouseSchema, ['archived']) },
      stock: { schema: asShippedV0(stockSchema, ['reorderQty']) },
    });
    const W = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
    const P = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
    const at = '2026-01-01T00:00:00.000Z';
    await old.products.insert({
      id: P,
      sku: 'S',
      name: 'Jack',
      barcode: null,
      barcodeKey: '',
      description: null,
      category: null,
      updatedAt: at,
    });
    await old.warehouses.insert({ id: W, code: 'A', name: 'Main', location: null, updatedAt: at });
    await old.stock.insert({
      id: stockKey(W, P),
      warehouseId: W,
      productId: P,
      qty: 7,
      threshold: 2,
      version: 3,
      updatedAt: at,
    });
    await old.close();

    const db = await createReplicaDatabase({ storage, name, withAlerts: false });
    try {
      expect((await db.products.findOne(P).exec())?.toJSON()).toMatchObject({
        sku: 'S',
        name: 'Jack',
        unit: null,
        archived: false,
      });
      expect((await db.warehouses.findOne(W).exec())?.toJSON()).toMatchObject({ code: 'A', archived: false });
      expect((await db.stock.findOne(stockKey(W, P)).exec())?.toJSON()).toMatchObject({
        qty: 7,
        threshold: 2,
        version: 3,
        reorderQty: 0,
      });
    } finally {
      await db.close();
    }
  });
});
