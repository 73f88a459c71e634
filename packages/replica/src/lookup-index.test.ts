import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Observable } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { createReplicaDatabase, openLocations, type ReplicaDatabase } from './database/create';
import { toLocationDoc, toProductDoc, toStockDoc } from './database/documents';
import { LookupIndex } from './lookup-index';
import { replicaQueries } from './queries';
import type { Availability } from './types';

/**
 * The in-memory lookup index must answer a scan exactly as the queries over the collections do,
 * whatever was written before it loaded, while it loaded and after: random writes to real RxDB
 * collections, then both answer every code and every product of the pools.
 */
const P = [
  '0b9c6a2e-1d1f-4c0e-9a55-000000000001',
  '0b9c6a2e-1d1f-4c0e-9a55-000000000002',
  '0b9c6a2e-1d1f-4c0e-9a55-000000000003',
];
const W = [
  '9b2d4e61-7a3c-4f8e-b1d2-000000000001',
  '9b2d4e61-7a3c-4f8e-b1d2-000000000002',
  '9b2d4e61-7a3c-4f8e-b1d2-000000000003',
];
const M = [
  '3f1c2a57-9d0e-4b6a-8f5e-000000000001',
  '3f1c2a57-9d0e-4b6a-8f5e-000000000002',
  '3f1c2a57-9d0e-4b6a-8f5e-000000000003',
  '3f1c2a57-9d0e-4b6a-8f5e-000000000004',
];
const L = [
  '5e6f7a8b-9c0d-4e1f-8a2b-000000000001',
  '5e6f7a8b-9c0d-4e1f-8a2b-000000000002',
  '5e6f7a8b-9c0d-4e1f-8a2b-000000000003',
];
// Location codes equal in another case, and barcodes; both looked up by findLocationByCode.
const LOCATION_CODES = ['A-01', 'a-01', 'B-02'];
const LOCATION_BARCODES = [null, 'LOC-1', 'LOC-2'];
const SKUS = ['AB-1', 'ab-1', 'Cd-2'];
// A UPC-A, its EAN-13 spelling, and a code of another shape.
const BARCODES = [null, '036000291452', '0036000291452', 'RSB100001'];
// Pack barcodes: a plain one, a UPC-A another product may hold as its barcode, one spelled like a SKU.
const PACK_CODES = ['CASE-12', '036000291452', 'Cd-2'];
const CODES = [...SKUS, 'AB-1 ', 'cd-2', ...BARCODES.filter((b): b is string => b !== null), 'CASE-12', 'nothing', ''];
const TIMES = ['2026-11-26T08:00:00.000Z', '2026-11-26T08:00:01.000Z'];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const write = fc.oneof(
  fc.record({
    op: fc.constant('product' as const),
    id: pick(P),
    sku: pick(SKUS),
    barcode: pick(BARCODES),
    packs: fc.uniqueArray(pick(PACK_CODES), { maxLength: 2 }),
    name: pick(['Jack', 'Hammer']),
  }),
  fc.record({ op: fc.constant('removeProduct' as const), id: pick(P) }),
  fc.record({ op: fc.constant('warehouse' as const), id: pick(W), name: pick(['Main', 'Back', 'Main']) }),
  fc.record({
    op: fc.constant('stock' as const),
    w: pick(W),
    p: pick(P),
    qty: fc.nat(50),
    version: fc.nat(9),
    threshold: fc.nat(5),
    bins: fc.dictionary(pick(L), fc.integer({ min: 1, max: 20 }), { maxKeys: 2 }),
  }),
  fc.record({
    op: fc.constant('movement' as const),
    id: pick(M),
    w: pick(W),
    p: pick(P),
    quantity: fc.integer({ min: 1, max: 5 }),
    state: pick(['pending', 'applied', 'rejected'] as const),
    level: fc.record({ qty: fc.nat(50), version: fc.nat(12) }),
    recordedAt: pick(TIMES),
    locationId: fc.option(pick(L), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('removeMovement' as const), id: pick(M) }),
  fc.record({
    op: fc.constant('location' as const),
    id: pick(L),
    w: pick(W),
    code: pick(LOCATION_CODES),
    barcode: pick(LOCATION_BARCODES),
  }),
  fc.record({ op: fc.constant('removeLocation' as const), id: pick(L) }),
);
type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

async function apply(db: ReplicaDatabase, w: Write): Promise<void> {
  const at = TIMES[0]!;
  switch (w.op) {
    case 'product': {
      // The server keeps SKUs unique, and every code (barcode or pack) on one product (exact
      // spelling); a write it would refuse is skipped.
      const codes = [...(w.barcode ? [w.barcode] : []), ...w.packs];
      if (new Set(codes).size < codes.length) return;
      const others = (await db.products.find({ selector: { id: { $ne: w.id } } }).exec()).map((d) => d.toJSON());
      const taken = others.some(
        (o) => o.sku === w.sku || codes.some((c) => c === o.barcodeKey || o.packs.some((p) => p.barcode === c)),
      );
      if (taken) return;
      await db.products.upsert(
        toProductDoc({
          id: w.id,
          sku: w.sku,
          name: w.name,
          barcode: w.barcode,
          description: null,
          category: null,
          unit: null,
          packs: w.packs.map((barcode, i) => ({ barcode, quantity: 6 * (i + 2) })),
          archived: false,
          updatedAt: at,
        }),
      );
      return;
    }
    case 'removeProduct':
      await (await db.products.findOne(w.id).exec())?.remove();
      return;
    case 'warehouse':
      await db.warehouses.upsert({
        id: w.id,
        code: w.id.slice(-3),
        name: w.name,
        location: null,
        archived: false,
        updatedAt: at,
      });
      return;
    case 'stock':
      await db.stock.upsert(
        toStockDoc({
          warehouseId: w.w,
          productId: w.p,
          qty: w.qty,
          threshold: w.threshold,
          reorderQty: 0,
          version: w.version,
          updatedAt: at,
          bins: w.bins,
        }),
      );
      return;
    case 'movement':
      await db.movements.upsert({
        id: w.id,
        type: 'purchase',
        warehouseId: w.w,
        productId: w.p,
        quantity: w.quantity,
        ...(w.locationId ? { locationId: w.locationId } : {}),
        deviceId: 'dev-1',
        occurredAt: at,
        state: w.state,
        verdict:
          w.state === 'pending'
            ? null
            : w.state === 'applied'
              ? { id: w.id, status: 'applied', stock: w.level }
              : { id: w.id, status: 'rejected', reason: 'insufficient_stock', stock: w.level },
        recordedAt: w.recordedAt,
        dismissed: false,
      });
      return;
    case 'removeMovement':
      await (await db.movements.findOne(w.id).exec())?.remove();
      return;
    case 'location': {
      // The server keeps a code unique per warehouse (any case) and a barcode unique: a write it would refuse is skipped.
      const others = (await (await openLocations(db)).find({ selector: { id: { $ne: w.id } } }).exec()).map((d) =>
        d.toJSON(),
      );
      const taken = others.some(
        (o) => (o.warehouseId === w.w && o.codeKey === w.code.toLowerCase()) || (w.barcode && o.barcode === w.barcode),
      );
      if (taken) return;
      await (
        await openLocations(db)
      ).upsert(
        toLocationDoc({
          id: w.id,
          warehouseId: w.w,
          code: w.code,
          name: w.code,
          barcode: w.barcode,
          archived: false,
          updatedAt: at,
        }),
      );
      return;
    }
    case 'removeLocation':
      await (await (await openLocations(db)).findOne(w.id).exec())?.remove();
  }
}

/** The last value each product's live availability stream emitted. */
type Latest = Map<string, Availability[]>;

function watchAvailability(streams: (productId: string) => Observable<Availability[]>): {
  latest: Latest;
  stop: () => void;
} {
  const latest: Latest = new Map();
  const subscriptions = P.map((p) => streams(p).subscribe((rows) => latest.set(p, rows)));
  return { latest, stop: () => subscriptions.forEach((s) => s.unsubscribe()) };
}

async function sameAnswers(db: ReplicaDatabase, index: LookupIndex, ...live: Latest[]): Promise<void> {
  const queries = replicaQueries(db.collections);
  for (const code of CODES)
    expect(index.findByCode(code), `findByCode(${JSON.stringify(code)})`).toEqual(await queries.findByCode(code));
  for (const p of P) {
    const expected = await queries.availabilityNow(p);
    expect(index.availability(p), `availability of ${p}`).toEqual(expected);
    // The live streams have already emitted it: the write's event reached them before it resolved.
    for (const latest of live) expect(latest.get(p), `live availability of ${p}`).toEqual(expected);
  }
  for (const code of [...LOCATION_CODES, 'LOC-1', ' loc-1', 'b-02 ', 'nothing', ''])
    for (const w of [undefined, ...W])
      expect(index.findLocation(code, w), `findLocationByCode(${JSON.stringify(code)}, ${w})`).toEqual(
        await queries.findLocationByCode(code, w),
      );
}

let opened: ReplicaDatabase[] = [];
let n = 0;
afterEach(async () => {
  await Promise.all(opened.map((db) => db.close()));
  opened = [];
});

describe('LookupIndex', () => {
  it('answers findByCode and availability as the collection queries do, through loading and after', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { maxLength: 12 }),
        fc.array(write, { maxLength: 12 }),
        fc.array(write, { maxLength: 12 }),
        async (before, during, after) => {
          // RxDB's open-source build allows 16 open collections: each run closes its database.
          const db = await createReplicaDatabase({
            storage: getRxStorageMemory(),
            name: `lookup-index-${++n}`,
            withAlerts: false,
          });
          try {
            // Open from the start here; the replica opens it when bins appear (attachLocations).
            await openLocations(db);
            for (const w of before) await apply(db, w);
            const index = new LookupIndex(db.collections);
            // Subscribed while the index loads: the queries answer, then the index takes over.
            const early = watchAvailability((p) => replicaQueries(db.collections, index).availability$(p));
            // Writes racing the index's first read of the collections.
            await Promise.all([
              index.loaded,
              (async () => {
                for (const w of during) await apply(db, w);
              })(),
            ]);
            expect(index.ready).toBe(true);
            expect(await index.whenReady()).toBe(true);
            const late = watchAvailability((p) => index.availability$(p));
            await sameAnswers(db, index, early.latest, late.latest);
            for (const w of after) {
              await apply(db, w);
              // Read your writes: the write's change event has reached the index when it resolves.
              await sameAnswers(db, index, early.latest, late.latest);
            }
            early.stop();
            late.stop();
            index.stop();
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is not ready, and the queries answer, until it has read the collections', async () => {
    const db = await createReplicaDatabase({
      storage: getRxStorageMemory(),
      name: `lookup-index-${++n}`,
      withAlerts: false,
    });
    opened.push(db);
    await apply(db, { op: 'product', id: P[0]!, sku: 'AB-1', barcode: '036000291452', packs: [], name: 'Jack' });
    await apply(db, { op: 'product', id: P[1]!, sku: 'Cd-2', barcode: null, packs: ['CASE-12'], name: 'Shoe' });
    const index = new LookupIndex(db.collections);
    expect(index.ready).toBe(false);
    const queries = replicaQueries(db.collections, index);
    expect((await queries.findByCode('0036000291452'))?.id).toBe(P[0]);
    expect(await queries.findByCode(' CASE-12 ')).toMatchObject({
      id: P[1],
      packs: [{ barcode: 'CASE-12', quantity: 12 }],
    });
    await index.loaded;
    expect(index.ready).toBe(true);
    expect(index.findByCode('036000291452')?.id).toBe(P[0]);
    expect(index.findByCode('CASE-12')).toMatchObject({ id: P[1], packs: [{ barcode: 'CASE-12', quantity: 12 }] });
    index.stop();
  });
});
