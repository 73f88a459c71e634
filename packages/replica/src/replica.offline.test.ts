import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { User } from '@stockline/protocol';
import { createReplica, type CreateReplicaOptions } from './replica';
import { InvalidMovement } from './recording';
import { createReplicaDatabase } from './database/create';
import { toProductDoc, toStockDoc } from './database/documents';
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
      const movements = (await left.movements.find().exec()).map((d) => d.toJSON());
      expect(movements).toEqual([expect.objectContaining({ id: unsent.id, state: 'pending', type: 'purchase' })]);
    } finally {
      await left.close();
    }
  });
});
