import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Product, PullResponse } from '@stockline/protocol';
import { createReplicaDatabase, type ReplicaDatabase } from '../database/create';
import { toProductDoc } from '../database/documents';
import type { HttpClient } from '../http';
import { StatusTracker } from '../status';
import { firstFill, nextWriteSize, storageWriter } from './first-fill';
import type { LiveConnection } from './live';
import { PullBookkeeping, pullHandler, type PullDeps, type ReplicaCheckpoint } from './pull';
import type { SyncGate } from './retry';

/** A products store as the server keeps it: every change takes the next seq. */
class ScriptedServer {
  private seq = 0;
  private readonly rows = new Map<string, { product: Product; seq: number }>();
  readonly asked: number[] = [];
  epoch = 'e1';

  put(product: Product): void {
    this.rows.set(product.id, { product, seq: ++this.seq });
  }

  pull(after: number, limit: number): PullResponse<'products'> {
    this.asked.push(after);
    const newer = [...this.rows.values()].filter((r) => r.seq > after).sort((a, b) => a.seq - b.seq);
    const page = newer.slice(0, limit);
    return {
      documents: page.map((r) => r.product),
      checkpoint: { seq: page.at(-1)?.seq ?? after },
      remaining: newer.length - page.length,
      epoch: this.epoch,
    };
  }
}

const product = (n: number, name = `Item ${n}`): Product => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  sku: `SKU-${n}`,
  name,
  barcode: `B${n}`,
  description: null,
  category: null,
  unit: 'pcs',
  packs: [],
  archived: false,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const modifier = (doc: Product & { _deleted?: boolean }) => ({ ...toProductDoc(doc), _deleted: doc._deleted ?? false });

let open: { db: ReplicaDatabase; replication: RxReplicationState<any, ReplicaCheckpoint> }[] = [];
let dbSeq = 0;

afterEach(async () => {
  for (const { db, replication } of open) {
    await replication.cancel();
    await db.close();
  }
  open = [];
});

/**
 * The products collection replicated as the replica does it (pull handler, fill, RxDB's
 * replication) against the scripted server; `writes` counts the fill's direct writes.
 */
async function replicate(
  server: ScriptedServer,
  options: { batchSize?: number; before?: (db: ReplicaDatabase) => Promise<void> } = {},
) {
  const db = await createReplicaDatabase({
    storage: getRxStorageMemory(),
    name: `fill-${++dbSeq}-${Date.now()}`,
    withAlerts: false,
    devMode: true,
  });
  await options.before?.(db);
  const status = new StatusTracker(['products']);
  const stored: number[] = [];
  const originalStored = status.stored.bind(status);
  status.stored = (collection, documents) => {
    stored.push(documents);
    originalStored(collection, documents);
  };
  const deps: PullDeps = {
    http: {
      send: async (_answer: unknown, _m: string, path: string) =>
        server.pull(Number(/after=(\d+)/.exec(path)![1]), Number(/limit=(\d+)/.exec(path)![1])),
    } as unknown as HttpClient,
    gate: { run: (_d: string, fn: () => Promise<unknown>) => fn() } as unknown as SyncGate,
    status,
    live: { announcedSeq: () => 0, pulledUpTo: () => undefined, forget: () => undefined } as unknown as LiveConnection,
    progress: new PullBookkeeping(),
  };
  const stream$ = new Subject<'RESYNC'>();
  // Assigned below: the writer built first reads it once replication runs.
  // eslint-disable-next-line prefer-const
  let replication: RxReplicationState<any, ReplicaCheckpoint> | undefined;
  const writes: number[] = [];
  const write = storageWriter<Product>(
    db.collections.products,
    modifier,
    async () => (await replication!.internalReplicationState!.downstreamBulkWriteFlag) ?? 'x',
  );
  const fill = firstFill('products', deps, db.collections.products, async (docs) => {
    writes.push(docs.length);
    await write(docs);
  });
  replication = replicateRxCollection<any, ReplicaCheckpoint>({
    collection: db.collections.products,
    replicationIdentifier: `fill-test-${dbSeq}`,
    live: true,
    pull: {
      handler: pullHandler('products', deps, undefined, undefined, { fill }),
      batchSize: options.batchSize ?? 20,
      modifier,
      stream$,
    },
  });
  open.push({ db, replication });
  await replication.awaitInitialReplication();
  const names = async () => new Map((await db.collections.products.find().exec()).map((d) => [d.id, d.name]));
  const resync = async () => {
    stream$.next('RESYNC');
    await replication.awaitInSync();
  };
  return { db, replication, writes, stored, names, resync };
}

describe('first sync of an empty pull-only collection', () => {
  it('writes the pages straight into storage, and RxDB later pulls change those documents as its own', async () => {
    const server = new ScriptedServer();
    for (let n = 1; n <= 95; n++) server.put(product(n));
    const { writes, stored, names, resync } = await replicate(server, { batchSize: 20 });
    // Every page written by the fill, and the status heard of each write.
    expect(writes.reduce((a, b) => a + b, 0)).toBe(95);
    expect(stored.reduce((a, b) => a + b, 0)).toBe(95);
    expect((await names()).size).toBe(95);
    // Changes after the first sync: renames of documents the fill wrote, and a new one.
    server.put(product(3, 'Renamed 3'));
    server.put(product(60, 'Renamed 60'));
    server.put(product(96));
    await resync();
    await expect.poll(async () => (await names()).size).toBe(96);
    const after = await names();
    expect(after.get(product(3).id)).toBe('Renamed 3');
    expect(after.get(product(60).id)).toBe('Renamed 60');
    // RxDB stored the checkpoint the fill reached: the resync did not start from 0 again.
    expect(server.asked.filter((a) => a === 0)).toHaveLength(1);
  });

  it('stores the checkpoint when the last page is empty (the server counted one it then left out)', async () => {
    const server = new ScriptedServer();
    for (let n = 1; n <= 40; n++) server.put(product(n));
    const pull = server.pull.bind(server);
    // The page after the second says nothing remains and carries nothing.
    server.pull = (after, limit) =>
      after >= 40
        ? { ...pull(after, limit), remaining: 0, documents: [] }
        : { ...pull(after, limit), remaining: after === 0 ? 20 : 1 };
    const { names, resync } = await replicate(server, { batchSize: 20 });
    expect((await names()).size).toBe(40);
    await resync();
    expect(server.asked.filter((a) => a === 0)).toHaveLength(1);
  });

  it('leaves a collection that already holds documents to RxDB', async () => {
    const server = new ScriptedServer();
    for (let n = 1; n <= 50; n++) server.put(product(n));
    const { writes, names } = await replicate(server, {
      batchSize: 20,
      before: async (db) => void (await db.collections.products.insert(toProductDoc(product(1, 'Local')))),
    });
    expect(writes).toEqual([]);
    expect((await names()).get(product(1).id)).toBe('Item 1');
  });

  it('converges whatever the page size, and whatever changes land after it (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 140 }), { maxLength: 30 }),
        async (count, batchSize, changes) => {
          const server = new ScriptedServer();
          for (let n = 1; n <= count; n++) server.put(product(n));
          const { names, resync } = await replicate(server, { batchSize });
          for (const n of changes) server.put(product(n, `Changed ${n}`));
          await resync();
          const expected = new Map<string, string>();
          for (let n = 1; n <= count; n++) expected.set(product(n).id, `Item ${n}`);
          for (const n of changes) expected.set(product(n).id, `Changed ${n}`);
          await expect.poll(names).toEqual(expected);
          await afterEachOpen();
        },
      ),
      { numRuns: 15 },
    );
  });
});

/** Closes the replications of one property run, so runs do not pile up open databases. */
async function afterEachOpen(): Promise<void> {
  for (const { db, replication } of open) {
    await replication.cancel();
    await db.close();
  }
  open = [];
}

describe('the fill downloads ahead of its writes', () => {
  it('asks for the next pages while a write is still running', async () => {
    const server = new ScriptedServer();
    for (let n = 1; n <= 100; n++) server.put(product(n));
    const status = new StatusTracker(['products']);
    const deps: PullDeps = {
      http: {
        send: async (_answer: unknown, _m: string, path: string) =>
          server.pull(Number(/after=(\d+)/.exec(path)![1]), 10),
      } as unknown as HttpClient,
      gate: { run: (_d: string, fn: () => Promise<unknown>) => fn() } as unknown as SyncGate,
      status,
      live: {
        announcedSeq: () => 0,
        pulledUpTo: () => undefined,
        forget: () => undefined,
      } as unknown as LiveConnection,
      progress: new PullBookkeeping(),
    };
    const empty = { count: () => ({ exec: async () => 0 }) } as never;
    let release: () => void = () => undefined;
    const firstWriteHeld = new Promise<void>((resolve) => (release = resolve));
    const asksDuringFirstWrite: number[] = [];
    const writes: number[] = [];
    const fill = firstFill('products', deps, empty, async (docs) => {
      if (writes.length === 0) {
        // Let the download run while this write is held.
        await new Promise((r) => setTimeout(r, 20));
        asksDuringFirstWrite.push(server.asked.length);
        release();
      }
      await firstWriteHeld;
      writes.push(docs.length);
    });
    const answer = await fill(undefined, 10);
    expect(asksDuringFirstWrite[0]).toBeGreaterThan(2);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(100);
    // RxDB gets the last document written (equal to what it holds) with the checkpoint reached.
    expect(answer?.documents.map((d) => d.id)).toEqual([product(100).id]);
    expect(answer?.checkpoint).toEqual({ seq: 100, epoch: 'e1' });
  });
});

describe('the write size', () => {
  it('is fitted to the target time from the last write, at most doubled, within its bounds', () => {
    expect(nextWriteSize(200, 50)).toBe(400);
    expect(nextWriteSize(200, 150)).toBe(200);
    expect(nextWriteSize(200, 300)).toBe(100);
    // One write that took far too long: the next is sized to the target at once.
    expect(nextWriteSize(800, 1_200)).toBe(100);
    expect(nextWriteSize(2_000, 10)).toBe(2_000);
    expect(nextWriteSize(25, 5_000)).toBe(25);
    expect(nextWriteSize(200, 0)).toBe(400);
  });
});
