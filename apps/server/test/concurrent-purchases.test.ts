import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementInput, Poke, PushMovementsResponse, Verdict } from '@stockline/protocol';
import { movement } from '@stockline/test/support/api';
import { eventually, openSocket, settle, startTestServer, type ClientSocket, type TestServer } from './support/harness';
import { ledgerMismatches } from '@stockline/domain';
import { makeStaff, type Staff } from './support/world';

/**
 * The headline guarantees over real HTTP and real sockets: no oversell under a burst of
 * concurrent buyers (I1), exactly-once replays (I2), ledger = state (I3), one alert to the right
 * people only (I6).
 */
describe('200 concurrent single-unit purchases against 100 in stock', () => {
  let t: TestServer;
  let s: Staff;
  const sockets: ClientSocket[] = [];
  const received = { managerA: [] as Poke[], managerB: [] as Poke[], clerkA: [] as Poke[], admin: [] as Poke[] };
  const purchases: MovementInput[] = [];
  const firstVerdicts = new Map<string, Verdict>();

  beforeAll(async () => {
    t = await startTestServer();
    s = await makeStaff(t);
    const { a } = s.warehouses;
    const restock = await s.as.admin.push([
      movement({ type: 'restock', warehouseId: a.id, productId: s.product.id, quantity: 100 }),
    ]);
    expect(restock.results[0]?.status).toBe('applied');
    await s.as.managerA.setThreshold(a.id, s.product.id, 10);

    for (const who of ['managerA', 'managerB', 'clerkA', 'admin'] as const) {
      const socket = await openSocket(t.url, { token: s.as[who].token });
      socket.on('poke', (poke) => poke.collection === 'alerts' && received[who].push(poke));
      sockets.push(socket);
    }
    for (let i = 0; i < 200; i++) {
      purchases.push(
        movement({
          type: 'purchase',
          warehouseId: a.id,
          productId: s.product.id,
          quantity: 1,
          deviceId: `device-${i % 7}`,
        }),
      );
    }
    // Every purchase is its own request, all in flight at once.
    const replies = await Promise.all(
      purchases.map((m) => s.as.clerkA.request<PushMovementsResponse>('POST', '/api/v1/movements', { movements: [m] })),
    );
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      const verdict = reply.body.results[0]!;
      firstVerdicts.set(verdict.id, verdict);
    }
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  it('applies exactly 100 and refuses 100 for insufficient stock', () => {
    const verdicts = [...firstVerdicts.values()];
    expect(verdicts).toHaveLength(200);
    expect(verdicts.filter((v) => v.status === 'applied')).toHaveLength(100);
    const rejected = verdicts.filter((v) => v.status === 'rejected');
    expect(rejected).toHaveLength(100);
    expect(rejected.every((v) => v.reason === 'insufficient_stock')).toBe(true);
    // Each applied purchase saw a distinct quantity: no two took the same unit.
    const seen = verdicts
      .filter((v) => v.status === 'applied')
      .map((v) => v.stock.qty)
      .sort((x, y) => x - y);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('ends at qty 0 with the ledger summing to the stock (I1, I3)', async () => {
    const row = await s.as.clerkA.stock(s.warehouses.a.id, s.product.id);
    expect(row.qty).toBe(0);
    expect(row.version).toBe(101);
    const ledger = await t.admin.ledger();
    expect(ledger.filter((m) => m.type === 'purchase')).toHaveLength(200);
    expect(ledgerMismatches((await t.admin.stockList()).items, ledger)).toEqual([]);
  });

  it('raises exactly one alert and pokes only the manager in scope and admins to pull it', async () => {
    await eventually(() => received.managerA.length >= 1, 5_000, 'the alerts poke on manager A');
    await settle(t.admin, sockets);
    expect(received.admin.length).toBeGreaterThanOrEqual(1);
    expect(received.managerB).toHaveLength(0);
    expect(received.clerkA).toHaveLength(0);
    const pulled = await s.as.managerA.pull('alerts');
    expect(pulled.checkpoint.seq).toBeLessThanOrEqual(received.managerA.at(-1)!.seq);
    expect(pulled.documents).toHaveLength(1);
    const alert = pulled.documents[0]!;
    expect(alert).toMatchObject({
      warehouseId: s.warehouses.a.id,
      productId: s.product.id,
      status: 'open',
      threshold: 10,
      qty: 9,
    });
    expect((await s.as.managerA.alerts('open')).items.map((a) => a.id)).toEqual([alert.id]);
    expect((await s.as.managerB.alerts('open')).items).toHaveLength(0);
  });

  it('answers replays with the first verdicts and changes nothing (I2)', async () => {
    const before = await s.as.clerkA.stock(s.warehouses.a.id, s.product.id);
    const shuffled = [...purchases].reverse();
    const replay = await s.as.clerkA.push(shuffled);
    expect(replay.results.map((v) => v.id)).toEqual(shuffled.map((m) => m.id));
    for (const v of replay.results) expect(v).toEqual(firstVerdicts.get(v.id));
    expect(await s.as.clerkA.stock(s.warehouses.a.id, s.product.id)).toEqual(before);
    expect((await t.admin.ledger()).filter((m) => m.type === 'purchase')).toHaveLength(200);
  });

  it('refuses a reused id with different content as id_reused', async () => {
    const original = purchases[0]!;
    const reply = await s.as.clerkA.push([{ ...original, type: 'purchase', quantity: 2 }]);
    expect(reply.results[0]).toMatchObject({ id: original.id, status: 'rejected', reason: 'id_reused' });
    expect((await s.as.clerkA.stock(s.warehouses.a.id, s.product.id)).qty).toBe(0);
  });
});
