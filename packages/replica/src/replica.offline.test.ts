import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { User } from '@stockline/protocol';
import { createReplica, type CreateReplicaOptions } from './replica';
import { BinShortage, InvalidMovement } from './recording';
import { createReplicaDatabase, keptLocations, openLocations } from './database/create';
import { toLocationDoc, toProductDoc, toStockDoc, toWarehouseDoc } from './database/documents';
import { answeredMovement } from './movements';
import type { Replica } from './types';

/**
 * The replica with no server at all: recording, availability, the outbox and status must work
 * offline. (Sync against the real server is tested in test/sync.)
 */
const W1 = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const P = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
const clerk: User = {
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  username: 'clerk',
  role: 'clerk',
  warehouseIds: [W1],
  active: true,
};

const W2 = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const BIN_A = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a01';
const BIN_B = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a02';
const BIN_ELSEWHERE = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a03';
const AT = '2026-01-01T00:00:00.000Z';

function location(id: string, warehouseId: string, code: string, barcode: string | null) {
  return { id, warehouseId, code, name: code, barcode, archived: false, updatedAt: AT };
}

let open: Replica[] = [];
let seq = 0;

async function offlineReplica(extra: Partial<CreateReplicaOptions> = {}): Promise<Replica> {
  const replica = await createReplica({
    storage: getRxStorageMemory(),
    // Port 9 (discard) on loopback: nothing listens, every request fails fast like a dead network.
    serverUrl: 'http://127.0.0.1:9',
    token: 't',
    user: clerk,
    deviceId: `offline-${++seq}`,
    devMode: true,
    retryMs: 20,
    maxRetryMs: 200,
    ...extra,
  });
  open.push(replica);
  return replica;
}

afterEach(async () => {
  await Promise.all(open.map((r) => r.close()));
  open = [];
});

describe('replica offline', () => {
  it('records movements, counts them pending and reports the network error', async () => {
    const replica = await offlineReplica();
    await replica.restock({ warehouseId: W1, productId: P, quantity: 5 });
    await replica.purchase({ warehouseId: W1, productId: P, quantity: 2 });
    const status = await firstValueFrom(replica.status$.pipe(filter((s) => s.pending === 2 && s.uploadError !== null)));
    expect(status).toMatchObject({ online: false, rejected: 0, auth: 'ok', initialSyncDone: false });
    expect(status.uploadError?.code).toBe('network');
    const listed = await firstValueFrom(replica.movements$());
    expect(listed.map((m) => m.type)).toEqual(expect.arrayContaining(['restock', 'purchase']));
    expect(listed.every((m) => m.state === 'pending' && m.verdict === null)).toBe(true);
  });

  it('refuses invalid movements without storing them', async () => {
    const replica = await offlineReplica();
    await expect(replica.purchase({ warehouseId: W1, productId: P, quantity: -1 })).rejects.toBeInstanceOf(
      InvalidMovement,
    );
    await expect(
      replica.transfer({ warehouseId: W1, toWarehouseId: W1, productId: P, quantity: 1 }),
    ).rejects.toBeInstanceOf(InvalidMovement);
    expect(await firstValueFrom(replica.movements$())).toEqual([]);
  });

  it('keeps the outbox across a restart of the app', async () => {
    const deviceId = 'restarting-device';
    const first = await offlineReplica({ deviceId, databaseName: 'restart-test' });
    const recorded = await first.return({ warehouseId: W1, productId: P, quantity: 3 });
    await first.close();
    const second = await offlineReplica({ deviceId, databaseName: 'restart-test' });
    const [kept] = await firstValueFrom(second.movements$());
    expect(kept).toMatchObject({ id: recorded.id, state: 'pending', quantity: 3 });
  });

  it('shows pending deltas in availability and counts against them', async () => {
    const replica = await offlineReplica();
    // No warehouses pulled yet: availability has no rows to show.
    expect(await firstValueFrom(replica.availability$(P))).toEqual([]);
    const count = await replica.count({ warehouseId: W1, productId: P, countedQty: 4 });
    expect(count).toMatchObject({
      type: 'count',
      expectedQty: 0,
      baseVersion: 0,
      countedQty: 4,
      deviceId: replica.deviceId,
    });
  });

  it('signing out deletes what was pulled for the user and keeps only their unsent movements', async () => {
    const storage = getRxStorageMemory();
    const databaseName = `signout-${++seq}`;
    const first = await offlineReplica({ storage, databaseName });
    const answered = await first.restock({ warehouseId: W1, productId: P, quantity: 5 });
    const unsent = await first.purchase({ warehouseId: W1, productId: P, quantity: 2 });
    await first.close();
    // What a sync would have left: the catalogue, stock, and a verdict on the first movement.
    const dbOptions = { storage, name: databaseName, withAlerts: false, devMode: true };
    const pulled = await createReplicaDatabase(dbOptions);
    const product = {
      id: P,
      sku: 'WID-1',
      name: 'Blue widget',
      barcode: '4006381333931',
      description: null,
      category: null,
      unit: null,
      packs: [],
      archived: false,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    await pulled.products.insert(toProductDoc(product));
    await pulled.stock.insert(
      toStockDoc({ warehouseId: W1, productId: P, qty: 5, threshold: 0, reorderQty: 0, version: 1, updatedAt: null }),
    );
    await (await openLocations(pulled)).insert(toLocationDoc(location(BIN_A, W1, 'A-01', '2000000000015')));
    await pulled.movements.upsert(
      answeredMovement(
        answered,
        { id: answered.id, status: 'applied', stock: { qty: 5, version: 1 } },
        answered,
        answered.recordedAt,
      ),
    );
    await pulled.close();

    const second = await offlineReplica({ storage, databaseName });
    expect(await second.findByCode('4006381333931')).not.toBeNull();
    await second.signOut();

    const left = await createReplicaDatabase(dbOptions);
    try {
      expect(await left.products.count().exec()).toBe(0);
      expect(await left.stock.count().exec()).toBe(0);
      // The bins went with the rest: the fresh database has not even opened their collection.
      expect(left.locations).toBeUndefined();
      expect(await keptLocations(left)).toBe(false);
      const movements = (await left.movements.find().exec()).map((d) => d.toJSON());
      expect(movements).toEqual([expect.objectContaining({ id: unsent.id, state: 'pending', type: 'purchase' })]);
    } finally {
      await left.close();
    }
  });

  it('works with bins offline: finds locations, shows bin stock, guards a bin sale, records putaway and a bin count', async () => {
    const storage = getRxStorageMemory();
    const databaseName = `bins-${++seq}`;
    // What a sync would have left: two warehouses, bins (one code in both), a row with bin stock.
    const pulled = await createReplicaDatabase({ storage, name: databaseName, withAlerts: false, devMode: true });
    for (const [id, code] of [
      [W1, 'MAIN'],
      [W2, 'EAST'],
    ] as const)
      await pulled.warehouses.insert(
        toWarehouseDoc({ id, code, name: code, location: null, archived: false, updatedAt: AT }),
      );
    await (
      await openLocations(pulled)
    ).bulkInsert([
      toLocationDoc(location(BIN_A, W1, 'A-01', '2000000000015')),
      toLocationDoc(location(BIN_B, W1, 'B-01', null)),
      toLocationDoc(location(BIN_ELSEWHERE, W2, 'a-01', null)),
    ]);
    await pulled.stock.insert(
      toStockDoc({
        warehouseId: W1,
        productId: P,
        qty: 10,
        threshold: 0,
        reorderQty: 0,
        version: 4,
        updatedAt: AT,
        bins: { [BIN_A]: 3 },
      }),
    );
    await pulled.close();
    const replica = await offlineReplica({ storage, databaseName });

    expect((await firstValueFrom(replica.locations$(W1))).map((l) => l.code)).toEqual(['A-01', 'B-01']);
    expect((await replica.findLocationByCode('2000000000015'))?.id).toBe(BIN_A);
    expect((await replica.findLocationByCode(' a-01 ', W1))?.id).toBe(BIN_A);
    expect((await replica.findLocationByCode('A-01', W2))?.id).toBe(BIN_ELSEWHERE);
    expect(await replica.findLocationByCode('nowhere')).toBeNull();

    const [main] = (await replica.availabilityNow(P)).filter((a) => a.warehouseId === W1);
    expect(main?.bins).toEqual([{ locationId: BIN_A, code: 'A-01', serverQty: 3, pendingDelta: 0, available: 3 }]);

    // More than the bin holds is refused on the device and never stored; what it holds is recorded.
    await expect(
      replica.purchase({ warehouseId: W1, locationId: BIN_A, productId: P, quantity: 4 }),
    ).rejects.toBeInstanceOf(BinShortage);
    const sale = await replica.purchase({ warehouseId: W1, locationId: BIN_A, productId: P, quantity: 2 });
    expect(sale).toMatchObject({ locationId: BIN_A, state: 'pending' });
    // Putaway: from stock in no bin into B-01, inside the same warehouse.
    const putaway = await replica.transfer({
      warehouseId: W1,
      toWarehouseId: W1,
      toLocationId: BIN_B,
      productId: P,
      quantity: 4,
    });
    expect(putaway).toMatchObject({ type: 'transfer', toLocationId: BIN_B });
    expect(putaway).not.toHaveProperty('locationId');
    expect(await firstValueFrom(replica.binContents$(W1, BIN_B))).toEqual([{ productId: P, expectedQty: 4 }]);
    expect(await firstValueFrom(replica.binContents$(W1, BIN_A))).toEqual([{ productId: P, expectedQty: 1 }]);

    // A bin count expects what the device shows in the bin, based on the row after its own queue.
    const count = await replica.count({ warehouseId: W1, locationId: BIN_B, productId: P, countedQty: 5 });
    expect(count).toMatchObject({ type: 'count', locationId: BIN_B, expectedQty: 4, countedQty: 5, baseVersion: 6 });
    const after = (await replica.availabilityNow(P)).find((a) => a.warehouseId === W1);
    expect(after).toMatchObject({ serverQty: 10, available: 9 });
    expect(after?.bins.map((b) => [b.code, b.available])).toEqual([
      ['A-01', 1],
      ['B-01', 5],
    ]);
  });
});
