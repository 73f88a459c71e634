import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { RxStorage } from 'rxdb';
import { login } from '@stockline/replica';
import { openDevice, seedWorld, startServer, type Clerk, type Device, type World } from './harness';

/**
 * An admin's first sync of a catalogue of thousands of documents in pages of 50, on a real
 * server: the bar must move with every write and stay in step with the documents written,
 * so a long stretch of writes never shows as a bar standing still. Counted in documents and
 * writes, never in seconds (the bench times it: `bench/modules/first-sync.ts`).
 */
const PRODUCTS = 1_500;
const WAREHOUSES = 2;
const PAGE = 50;
/** products, warehouses, stock, movements, alerts: each weighs two more, for its first answer and its end. */
const ADMIN_COLLECTIONS = ['products', 'warehouses', 'stock', 'movements', 'alerts'];

type Event = { kind: 'write'; collection: string; documents: number } | { kind: 'progress'; value: number };

/** The storage with every bulk write of a pulled collection recorded once it is in the database. */
function recorded(storage: RxStorage<any, any>, events: Event[]): RxStorage<any, any> {
  return {
    name: storage.name,
    rxdbVersion: storage.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (!ADMIN_COLLECTIONS.includes(params.collectionName)) return instance;
      const bulkWrite = instance.bulkWrite.bind(instance);
      instance.bulkWrite = async (rows, context) => {
        const result = await bulkWrite(rows, context);
        events.push({ kind: 'write', collection: params.collectionName, documents: rows.length - result.error.length });
        return result;
      };
      return instance;
    },
  };
}

async function importCsv(world: World, path: string, lines: string[]): Promise<void> {
  const res = await fetch(`${world.server.url}/api/v1/import/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${world.admin.token as string}` },
    body: `${lines.join('\r\n')}\r\n`,
  });
  if (res.status !== 200) throw new Error(`import ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
}

let world: World;
let admin: Clerk;
let device: Device | undefined;

beforeAll(async () => {
  world = await seedWorld(await startServer(), { warehouses: WAREHOUSES, products: 0, clerks: 0 });
  const products = ['sku,name,barcode,category,unit'];
  for (let i = 0; i < PRODUCTS; i++) products.push(`FP-${i},First sync item ${i},FPB${100_000 + i},Hardware,pcs`);
  await importCsv(world, 'products?dryRun=false', products);
  for (const warehouse of world.warehouses) {
    // Above every threshold: no alerts, so the documents are exactly products + warehouses + stock.
    const rows = ['sku,qty,threshold'];
    for (let i = 0; i < PRODUCTS; i++) rows.push(`FP-${i},${10 + (i % 90)},2`);
    await importCsv(world, `stock?dryRun=false&warehouseId=${warehouse.id}`, rows);
  }
  const username = `progress-admin-${crypto.randomUUID().slice(0, 8)}`;
  await world.admin.createUser({ username, password: 'pallet-jack-4821', role: 'admin', warehouseIds: [] });
  const session = await login(world.server.url, username, 'pallet-jack-4821');
  admin = { user: session.user, username, password: 'pallet-jack-4821', token: session.token };
});

afterAll(async () => {
  await device?.replica.close();
  await world?.server.dispose();
});

describe("an admin's first sync", () => {
  it('moves the bar with every write, never ahead of the documents written, up to 1 when done', async () => {
    const total = PRODUCTS + WAREHOUSES + PRODUCTS * WAREHOUSES;
    const events: Event[] = [];
    device = await openDevice(world, admin, {
      storage: recorded(getRxStorageMemory(), events),
      pullBatchSize: PAGE,
    });
    const { replica } = device;
    let shown: number | undefined;
    const watching = replica.status$.subscribe((s) => {
      if (s.initialSyncProgress === shown) return;
      shown = s.initialSyncProgress;
      events.push({ kind: 'progress', value: shown });
    });
    await firstValueFrom(replica.status$.pipe(filter((s) => s.initialSyncDone)));
    watching.unsubscribe();

    const values = events.flatMap((e) => (e.kind === 'progress' ? [e.value] : []));
    const writes = events.filter((e) => e.kind === 'write');
    let written = 0;
    let bar = 0;
    /** Collections written since the bar last moved, and the documents in those writes. */
    const still = new Set<string>();
    let stillDocuments = 0;
    let mostStill = 0;
    for (const e of events) {
      if (e.kind === 'write') {
        written += e.documents;
        stillDocuments += e.documents;
        mostStill = Math.max(mostStill, stillDocuments);
        // Once the bar shows a share, a collection's next write comes only after its last one moved it.
        if (bar > 0 && e.documents > 0)
          expect(still.has(e.collection), `two writes of ${e.collection} with the bar at ${bar}`).toBe(false);
        still.add(e.collection);
        continue;
      }
      // The share of the documents in the database, two more per collection for its answer and its end.
      expect(e.value * total, `bar at ${e.value} with ${written} of ${total} documents written`).toBeLessThanOrEqual(
        written + 2 * ADMIN_COLLECTIONS.length,
      );
      bar = e.value;
      still.clear();
      stillDocuments = 0;
    }
    console.log(
      `[first-sync-progress] ${total} documents in ${writes.length} writes; the bar took ${values.length} values; most documents written with the bar still: ${mostStill}`,
    );
    for (let k = 1; k < values.length; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    expect(values.at(-1)).toBe(1);
    expect(written).toBe(total);
  });
});
