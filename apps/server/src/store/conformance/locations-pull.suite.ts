import { randomUUID } from 'node:crypto';
import { SyncDocument, SyncStockRow, type Location } from '@stockline/protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Scope, Store } from '../core/port';
import { ALL, makeWorld, newMovement, NOW, type World } from './fixture';

/**
 * The devices' pull of locations (protocol 7) and of stock rows with their bins: every create
 * and change takes a seq inside its write, so each appears once, in order, after the checkpoint
 * a device holds; a device sees the bins of the warehouses in its scope only.
 */
export function locationPullSuite(open: () => Promise<Store>): void {
  let world: World;
  beforeEach(async () => {
    world = await makeWorld(open);
  });
  afterEach(async () => {
    await world.store.close();
  });

  const create = async (warehouseId: string, code: string) =>
    (await world.store.createLocation({ id: randomUUID(), warehouseId, code, name: code, barcode: null, now: NOW }))
      .location;

  /** Every page after `after`, `limit` at a time: the documents in order, and the last checkpoint. */
  async function pullLocations(scope: Scope, after: number, limit: number) {
    const docs: Location[] = [];
    for (;;) {
      const page = await world.store.pull('locations', { after, limit, scope });
      for (const doc of page.documents) SyncDocument.locations.parse(doc);
      expect(page.documents.length).toBeLessThanOrEqual(limit);
      page.seqs.forEach((seq, i) => expect(seq).toBeGreaterThan(i === 0 ? after : page.seqs[i - 1]!));
      if (page.documents.length === 0) return { docs, checkpoint: after };
      expect(page.remaining).toBe(
        (await world.store.pull('locations', { after: page.checkpoint.seq, limit: 1000, scope })).documents.length,
      );
      docs.push(...page.documents);
      after = page.checkpoint.seq;
    }
  }

  it('pulls each create, rename and archive once, in the order they were written, page by page', async () => {
    const [a] = world.w;
    const x = await create(a, 'A-01');
    const y = await create(a, 'A-02');
    const first = await pullLocations(ALL, 0, 1);
    expect(first.docs.map((l) => l.code)).toEqual(['A-01', 'A-02']);

    const renamed = await world.store.updateLocation({ id: x.id, name: 'Top shelf', now: NOW });
    const archived = await world.store.updateLocation({ id: y.id, archived: true, now: NOW });
    expect(renamed?.changes.checkpoint.seq).toBeGreaterThan(first.checkpoint);
    expect(archived?.changes.checkpoint.seq).toBeGreaterThan(renamed!.changes.checkpoint.seq);
    expect(archived?.changes.locations).toEqual([archived?.location]);
    const next = await pullLocations(ALL, first.checkpoint, 1);
    expect(next.docs.map((l) => [l.code, l.name, l.archived])).toEqual([
      ['A-01', 'Top shelf', false],
      ['A-02', 'A-02', true],
    ]);
    expect(next.checkpoint).toBe(archived?.changes.checkpoint.seq);
    // Nothing more after it, and a failed change (no such location) takes no seq a device would wait for.
    expect(await world.store.updateLocation({ id: randomUUID(), name: 'none', now: NOW })).toBeNull();
    expect((await pullLocations(ALL, next.checkpoint, 10)).docs).toEqual([]);
  });

  it('gives a device the locations of the warehouses in its scope only', async () => {
    const [a, b] = world.w;
    await create(a, 'A-01');
    await create(b, 'B-01');
    const onlyA = await pullLocations({ all: false, warehouseIds: [a] }, 0, 10);
    expect(onlyA.docs.map((l) => l.code)).toEqual(['A-01']);
    expect((await pullLocations({ all: false, warehouseIds: [] }, 0, 10)).docs).toEqual([]);
    expect((await pullLocations(ALL, 0, 10)).docs.map((l) => l.code).sort()).toEqual(['A-01', 'B-01']);
  });

  it('pulls stock rows with their bins, and without a bins key where no bin holds any', async () => {
    const [a, b] = world.w;
    const [p, q] = world.p;
    const x = await create(a, 'A-01');
    await world.push([
      { ...newMovement.restock(a, p, 5), locationId: x.id },
      newMovement.restock(a, q, 2),
      newMovement.restock(b, p, 1),
    ]);
    const page = await world.store.pull('stock', { after: 0, limit: 100, scope: ALL });
    const rows = page.documents.map((d) => SyncStockRow.parse(d));
    expect(rows.find((r) => r.warehouseId === a && r.productId === p)).toMatchObject({ qty: 5, bins: { [x.id]: 5 } });
    expect(rows.find((r) => r.warehouseId === a && r.productId === q)).not.toHaveProperty('bins');
    // A move out of the bin moves the row's seq: the device pulls the bin at zero as no key.
    await world.push([{ ...newMovement.purchase(a, p, 5), locationId: x.id }]);
    const after = await world.store.pull('stock', { after: page.checkpoint.seq, limit: 100, scope: ALL });
    expect(after.documents).toHaveLength(1);
    expect(after.documents[0]).toMatchObject({ warehouseId: a, productId: p, qty: 0 });
    expect(after.documents[0]).not.toHaveProperty('bins');
  });
}
