import { createRxDatabase, type RxCollection, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { stockKey } from '@stockline/domain';
import { createReplicaDatabase } from './create';
import { movementSchema, stockSchema } from './schemas';

/** A schema as it shipped one version earlier: without the fields the current version added. */
function asShippedBefore<T>(schema: RxJsonSchema<T>, added: string[]): RxJsonSchema<any> {
  const properties = { ...(schema.properties as Record<string, any>) };
  for (const field of added) delete properties[field];
  return { ...(schema as RxJsonSchema<any>), version: schema.version - 1, properties };
}

describe('replica schema migration for bins (stock v2, movements v1)', () => {
  it('keeps a device’s stock rows and its unsent movements, which then take bins', async () => {
    const storage = getRxStorageMemory();
    const name = `migrate-bins-${Date.now()}`;
    const old = await createRxDatabase<Record<'stock' | 'movements', RxCollection>>({
      name,
      storage,
      multiInstance: false,
    });
    await old.addCollections({
      stock: { schema: asShippedBefore(stockSchema, ['bins']), migrationStrategies: { 1: (d: unknown) => d } },
      movements: { schema: asShippedBefore(movementSchema, ['locationId', 'toLocationId']) },
    });
    const W = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
    const P = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
    const B = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
    const at = '2026-01-01T00:00:00.000Z';
    await old.stock.insert({
      id: stockKey(W, P),
      warehouseId: W,
      productId: P,
      qty: 7,
      threshold: 2,
      reorderQty: 0,
      version: 3,
      updatedAt: at,
    });
    const unsent = {
      id: '3f1c2a57-9d0e-4b6a-8f5e-2a7c1d9b0e41',
      type: 'purchase',
      warehouseId: W,
      productId: P,
      quantity: 2,
      deviceId: 'dev-1',
      occurredAt: at,
      state: 'pending',
      verdict: null,
      recordedAt: at,
      dismissed: false,
    };
    await old.movements.insert(unsent);
    await old.close();

    const db = await createReplicaDatabase({ storage, name, withAlerts: false, devMode: true });
    try {
      const row = await db.stock.findOne(stockKey(W, P)).exec();
      expect(row?.toJSON()).toMatchObject({ qty: 7, version: 3 });
      expect(row?.toJSON()).not.toHaveProperty('bins');
      expect((await db.movements.findOne(unsent.id).exec())?.toJSON()).toMatchObject({ state: 'pending', quantity: 2 });
      await row?.incrementalPatch({ bins: { [B]: 4 } });
      expect((await db.stock.findOne(stockKey(W, P)).exec())?.toJSON().bins).toEqual({ [B]: 4 });
      await db.movements.insert({ ...unsent, id: '3f1c2a57-9d0e-4b6a-8f5e-2a7c1d9b0e42', locationId: B } as never);
    } finally {
      await db.close();
    }
  });
});
