import { randomUUID } from 'node:crypto';
import { legsOf } from '@stockline/domain';
import type { MovementInput } from '@stockline/protocol';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { UnknownWarehouseError } from '../core/locations';
import { DuplicateKeyError, StoreUnavailableError, type Store } from '../core/port';
import { seededRandom } from '../testing/random-movements';
import { ledgerMismatches, makeWorld, newMovement, NOW, wholeLedger, type World } from './fixture';

/** Locations (bins): their catalogue, the guard per bin, moves and counts by bin, stock == ledger per bin. */
export function locationSuite(open: () => Promise<Store>): void {
  let world: World;
  /** Bins X and Y in warehouse A, Z in B. */
  let x: string, y: string, z: string;
  beforeEach(async () => {
    world = await makeWorld(open);
    const make = async (warehouseId: string, code: string) =>
      (await world.store.createLocation({ id: randomUUID(), warehouseId, code, name: code, barcode: null, now: NOW }))
        .location.id;
    x = await make(world.w[0], 'A-01');
    y = await make(world.w[0], 'A-02');
    z = await make(world.w[1], 'B-01');
  });
  afterEach(async () => {
    await world.store.close();
  });

  const at = (m: MovementInput, locationId: string): MovementInput => ({ ...m, locationId });
  /** A transfer of `quantity` from a bin (or none) of `from` to a bin (or none) of `to`. */
  const move = (
    from: string,
    to: string,
    productId: string,
    quantity: number,
    bins: { locationId?: string; toLocationId?: string },
  ): MovementInput => ({
    id: randomUUID(),
    type: 'transfer',
    warehouseId: from,
    toWarehouseId: to,
    productId,
    quantity,
    occurredAt: NOW,
    ...bins,
  });
  const binQty = async (warehouseId: string, productId: string, locationId: string) =>
    (await world.store.listBinStock({ warehouseId, productId, locationId }))[0]?.qty ?? 0;

  /** Every bin's quantity against the sum of the bin legs its ledger's movements stand for. */
  async function binLedgerMismatches(): Promise<string[]> {
    const sums = new Map<string, number>();
    for (const m of await wholeLedger(world.store))
      for (const leg of legsOf(m, m.verdict))
        for (const bin of leg.bins ?? []) {
          const key = `${leg.warehouseId}/${bin.locationId}/${m.productId}`;
          sums.set(key, (sums.get(key) ?? 0) + bin.delta);
        }
    const problems: string[] = [];
    for (const warehouseId of world.w)
      for (const row of await world.store.listBinStock({ warehouseId })) {
        const key = `${row.warehouseId}/${row.locationId}/${row.productId}`;
        if ((sums.get(key) ?? 0) !== row.qty) problems.push(`${key}: bin ${row.qty}, ledger ${sums.get(key) ?? 0}`);
        sums.delete(key);
      }
    for (const [key, sum] of sums) if (sum !== 0) problems.push(`${key}: no bin stock, ledger ${sum}`);
    return problems;
  }

  it('keeps codes unique per warehouse in any case and barcodes unique across locations and products', async () => {
    const [a, b] = world.w;
    const create = async (warehouseId: string, code: string, barcode: string | null = null) =>
      (await world.store.createLocation({ id: randomUUID(), warehouseId, code, name: code, barcode, now: NOW }))
        .location;
    await expect(create(a, 'a-01')).rejects.toEqual(new DuplicateKeyError('code'));
    expect((await create(b, 'a-01')).warehouseId).toBe(b);
    await expect(create(a, 'A-03', '4006381333931')).rejects.toEqual(new DuplicateKeyError('barcode'));
    const tagged = await create(a, 'A-03', 'LOC-A-03');
    await expect(create(b, 'B-09', 'LOC-A-03')).rejects.toEqual(new DuplicateKeyError('barcode'));
    await expect(create(randomUUID(), 'X')).rejects.toBeInstanceOf(UnknownWarehouseError);
    expect((await world.store.listLocations(a)).map((l) => l.code)).toEqual(['A-01', 'A-02', 'A-03']);

    await expect(world.store.updateLocation({ id: x, barcode: 'LOC-A-03', now: NOW })).rejects.toEqual(
      new DuplicateKeyError('barcode'),
    );
    const renamed = await world.store.updateLocation({
      id: tagged.id,
      name: 'Top shelf',
      barcode: null,
      archived: true,
      now: NOW,
    });
    expect(renamed?.location).toMatchObject({ code: 'A-03', name: 'Top shelf', barcode: null, archived: true });
    expect(await world.store.getLocation(tagged.id)).toEqual(renamed?.location);
    expect(await world.store.updateLocation({ id: randomUUID(), name: 'none', now: NOW })).toBeNull();
  });

  it('200 purchases at once against 100 in one bin sell exactly 100; the product in another bin is untouched', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([at(newMovement.restock(a, p, 100), x), at(newMovement.restock(a, p, 40), y)]);
    // All 200 at once; a push the store answers "unavailable" (a pool with every connection
    // waiting on this one row) is sent again with the same id, as a device does: each ends decided once (I2).
    const pushUntilAnswered = async (m: MovementInput) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await world.push([m]);
        } catch (error) {
          if (!(error instanceof StoreUnavailableError) || attempt >= 20) throw error;
        }
      }
    };
    const results = await Promise.all(
      Array.from({ length: 200 }, () => pushUntilAnswered(at(newMovement.purchase(a, p, 1), x))),
    );
    const statuses = results.map((r) => r.verdicts[0]?.reason ?? r.verdicts[0]?.status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(100);
    expect(statuses.filter((s) => s === 'insufficient_stock')).toHaveLength(100);
    expect(await binQty(a, p, x)).toBe(0);
    expect(await binQty(a, p, y)).toBe(40);
    expect(await world.level(a, p)).toEqual({ qty: 40, version: 102 });
    // A wire row carries no bins; a bin at zero is not listed.
    expect(await world.store.getStock(a, p)).not.toHaveProperty('bins');
    expect(await world.store.listBinStock({ warehouseId: a, productId: p })).toMatchObject([
      { locationId: y, qty: 40 },
    ]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
    expect(await binLedgerMismatches()).toEqual([]);
  });

  it('moves stock bin to bin inside a warehouse (its figure stays) and into a bin elsewhere, both legs or neither', async () => {
    const [a, b] = world.w;
    const [p] = world.p;
    await world.push([at(newMovement.restock(a, p, 10), x), newMovement.restock(a, p, 5)]);
    const inside = move(a, a, p, 4, { locationId: x, toLocationId: y });
    expect((await world.push([inside])).verdicts[0]).toMatchObject({ status: 'applied', stock: { qty: 15 } });
    expect([await binQty(a, p, x), await binQty(a, p, y)]).toEqual([6, 4]);
    expect(await world.level(a, p)).toEqual({ qty: 15, version: 3 });

    // Putaway: from the stock in no bin into a bin, guarded by what is in no bin (5).
    const putaway = (quantity: number) => move(a, a, p, quantity, { toLocationId: x });
    expect((await world.push([putaway(6)])).verdicts[0]?.reason).toBe('insufficient_stock');
    expect((await world.push([putaway(5)])).verdicts[0]?.status).toBe('applied');
    expect(await binQty(a, p, x)).toBe(11);

    const away = (quantity: number) => move(a, b, p, quantity, { locationId: y, toLocationId: z });
    expect((await world.push([away(5)])).verdicts[0]?.reason).toBe('insufficient_stock');
    expect((await world.push([away(3)])).verdicts[0]).toMatchObject({
      status: 'applied',
      stock: { qty: 12 },
      toStock: { qty: 3 },
    });
    expect([await binQty(a, p, y), await binQty(b, p, z)]).toEqual([1, 3]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
    expect(await binLedgerMismatches()).toEqual([]);
  });

  it('counts a bin against what was expected there; a warehouse count leaves the bins as they are', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([
      at(newMovement.restock(a, p, 10), x),
      at(newMovement.restock(a, p, 6), y),
      newMovement.restock(a, p, 2),
    ]);
    const counted = await world.push([at(newMovement.count(a, p, 7, 10), x)]);
    expect(counted.verdicts[0]?.count).toEqual({
      requestedDelta: -3,
      appliedDelta: -3,
      stale: false,
      clamped: false,
      discrepancy: 0,
    });
    expect([await binQty(a, p, x), await binQty(a, p, y), (await world.level(a, p)).qty]).toEqual([7, 6, 15]);

    // Clamped at the bin: 6 there, the counter expected 9 and found 0.
    const short = await world.push([at(newMovement.count(a, p, 0, 9), y)]);
    expect(short.verdicts[0]?.count).toMatchObject({ appliedDelta: -6, clamped: true, discrepancy: 3 });
    expect(await binQty(a, p, y)).toBe(0);

    const whole = await world.push([newMovement.count(a, p, 12, 9)]);
    expect(whole.verdicts[0]?.count?.appliedDelta).toBe(3);
    expect([await binQty(a, p, x), (await world.level(a, p)).qty]).toEqual([7, 12]);
    expect(await ledgerMismatches(world.store)).toEqual([]);
    expect(await binLedgerMismatches()).toEqual([]);
  });

  it('random batches over bins and warehouses keep every level at zero or above and stock == ledger per bin', async () => {
    const seed = Number(process.env.STORE_SEED ?? Date.now() % 1_000_000);
    console.log(`[bins random batches] seed=${seed} (rerun with STORE_SEED=${seed})`);
    const rand = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
    const [a, b] = world.w;
    const binsOf: Record<string, Array<string | undefined>> = { [a]: [x, y, undefined], [b]: [z, undefined] };
    const binOf = (w: string) => pick(binsOf[w] ?? [undefined]);
    const withBin = (m: MovementInput, bin: string | undefined) => (bin === undefined ? m : at(m, bin));
    for (let batch = 0; batch < 30; batch++) {
      const movements: MovementInput[] = [];
      for (let i = 0, size = 1 + Math.floor(rand() * 6); i < size; i++) {
        const w = pick([a, b]);
        const p = pick(world.p);
        const q = 1 + Math.floor(rand() * 6);
        const roll = rand();
        if (roll < 0.35) movements.push(withBin(newMovement.purchase(w, p, q), binOf(w)));
        else if (roll < 0.65) movements.push(withBin(newMovement.restock(w, p, q), binOf(w)));
        else if (roll < 0.9) {
          const to = pick([a, b]);
          const [from, into] = [binOf(w), binOf(to)];
          if (to !== w || from !== into) movements.push(move(w, to, p, q, { locationId: from, toLocationId: into }));
        } else
          movements.push(withBin(newMovement.count(w, p, Math.floor(rand() * 8), Math.floor(rand() * 8)), binOf(w)));
      }
      if (movements.length > 0) await world.push(movements);
    }
    for (const w of [a, b])
      for (const row of await world.store.listBinStock({ warehouseId: w })) expect(row.qty).toBeGreaterThan(0);
    expect(await ledgerMismatches(world.store), `seed ${seed}`).toEqual([]);
    expect(await binLedgerMismatches(), `seed ${seed}`).toEqual([]);
  });

  it('refuses an unknown bin, a bin of another warehouse and an archived bin, changing nothing', async () => {
    const [a] = world.w;
    const [p] = world.p;
    await world.push([at(newMovement.restock(a, p, 5), x)]);
    await world.store.updateLocation({ id: y, archived: true, now: NOW });
    const refusals = await world.push([
      at(newMovement.restock(a, p, 1), randomUUID()),
      at(newMovement.restock(a, p, 1), z),
      at(newMovement.restock(a, p, 1), y),
      move(a, a, p, 1, { locationId: x, toLocationId: y }),
    ]);
    expect(refusals.verdicts.map((v) => v.reason)).toEqual([
      'unknown_location',
      'unknown_location',
      'archived',
      'archived',
    ]);
    expect(await world.level(a, p)).toEqual({ qty: 5, version: 1 });
    expect(await world.store.listBinStock({ warehouseId: a })).toMatchObject([{ locationId: x, qty: 5 }]);
    // A sale naming no bin is guarded by the warehouse figure, as before bins.
    expect((await world.push([newMovement.purchase(a, p, 5)])).verdicts[0]?.status).toBe('applied');
    expect(await binLedgerMismatches()).toEqual([]);
  });
}
