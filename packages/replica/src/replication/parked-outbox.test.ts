import { judgeMovement, ParkedRows, stockKey, type StockLevel } from '@stockline/domain';
import type { Verdict } from '@stockline/protocol';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { createReplicaDatabase, type ReplicaDatabase } from '../database/create';
import type { MovementDoc } from '../database/documents';
import { ParkedOutbox, type PushAnswer } from './parked-outbox';

/**
 * The device's side of the restore settle window, against a server that judges with the
 * domain's rules: parked movements stay pending with their held verdict, later takings on their
 * row are held back unsent, retries go out oldest first with backoff (not in a loop), and once
 * another device made room they are decided and written.
 */
let db: ReplicaDatabase | undefined;
let controller = new AbortController();
afterEach(async () => {
  controller.abort();
  controller = new AbortController();
  await db?.close();
});

const W = '0199a000-0000-7000-8000-000000000001';
const P = '0199a000-0000-7000-8000-000000000002';
const Q = '0199a000-0000-7000-8000-000000000003';
const held: Verdict = { id: '', status: 'applied', stock: { qty: 0, version: 0 } };

function doc(
  n: number,
  type: 'purchase' | 'restock',
  productId: string,
  quantity: number,
  repush: boolean,
): MovementDoc {
  const id = `0199a000-0000-7000-8000-0000000001${String(n).padStart(2, '0')}`;
  return {
    id,
    type,
    warehouseId: W,
    productId,
    quantity,
    occurredAt: '2026-01-01T00:00:00.000Z',
    state: 'pending',
    verdict: repush ? { ...held, id } : null,
    recordedAt: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    dismissed: false,
  };
}

/** A server in the settle window: the domain's judgement over a map of levels; records what it was sent. */
function fakeServer(levels: Map<string, StockLevel>) {
  const sent: string[][] = [];
  const send = async (docs: MovementDoc[]): Promise<PushAnswer> => {
    sent.push(docs.map((d) => d.id));
    const parkedRows = new ParkedRows(true);
    const answer: PushAnswer = { verdicts: new Map(), parked: [] };
    for (const d of docs) {
      const m = { ...d, priorVerdict: d.verdict ? { status: 'applied' as const } : undefined };
      const j = judgeMovement(m, {
        stored: null,
        productExists: () => true,
        warehouseExists: () => true,
        scope: { all: true },
        levelAt: (w) => levels.get(stockKey(w, d.productId)) ?? { qty: 0, version: 0 },
        parked: parkedRows,
      });
      if (j.kind === 'parked') {
        answer.parked.push(d.id);
        continue;
      }
      if (j.kind === 'applied')
        for (const leg of j.legs)
          levels.set(stockKey(leg.warehouseId, d.productId), {
            qty: (levels.get(stockKey(leg.warehouseId, d.productId))?.qty ?? 0) + leg.delta,
            version: 1,
          });
      answer.verdicts.set(d.id, j.verdict);
    }
    return answer;
  };
  return { sent, send };
}

describe('ParkedOutbox', () => {
  it('keeps parked movements pending, holds later takings on their row, retries oldest first with backoff, then writes the verdicts', async () => {
    db = await createReplicaDatabase({
      storage: getRxStorageMemory(),
      name: `outbox-${Date.now()}`,
      withAlerts: false,
    });
    const saleP = doc(1, 'purchase', P, 5, true);
    const saleQ = doc(2, 'purchase', Q, 1, true);
    const laterSaleP = doc(3, 'purchase', P, 1, true);
    const restockP = doc(4, 'restock', P, 1, true);
    const newSaleP = doc(5, 'purchase', P, 1, false);
    const levels = new Map([[stockKey(W, Q), { qty: 3, version: 1 }]]);
    const server = fakeServer(levels);
    const outbox = new ParkedOutbox(db.collections.movements, { baseMs: 10, maxMs: 40 }, 10, controller.signal);
    outbox.sender = server.send;
    // Started before the restore re-queues anything (as the replication starts it).
    expect(await outbox.serial(() => outbox.hold([]))).toEqual([]);
    await db.collections.movements.bulkInsert([saleP, saleQ, laterSaleP, restockP, newSaleP]);

    // RxDB hands over the re-pushes; the server parks the sale of P and the later sale behind it.
    await outbox.serial(async () => {
      const send = await outbox.hold([saleP, saleQ, laterSaleP, restockP]);
      const answer = await server.send(send);
      outbox.parkedBy(send, answer.parked);
    });
    expect(server.sent).toEqual([[saleP.id, saleQ.id, laterSaleP.id, restockP.id]]);
    expect(outbox.size).toBe(2);
    // A new sale on P recorded later waits behind them on the device: not sent.
    expect(await outbox.serial(() => outbox.hold([newSaleP]))).toEqual([]);
    expect(outbox.size).toBe(3);

    // Nothing makes room for a while: retries come with backoff, oldest first, and decide nothing.
    const started = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const retries = server.sent.slice(1);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.length).toBeLessThan(400 / 10);
    // Each retry sends all three in recording order; the server parks the later two behind the first.
    for (const ids of retries) expect(ids).toEqual([saleP.id, laterSaleP.id, newSaleP.id]);
    const parkedDoc = await db.collections.movements.findOne(saleP.id).exec();
    expect(parkedDoc?.toJSON()).toMatchObject({ state: 'pending', verdict: { status: 'applied' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);

    // Another device's restock makes room: the next retry applies all three, in recording order.
    levels.set(stockKey(W, P), { qty: 10, version: 2 });
    const waitFor = async () => {
      for (let i = 0; i < 100 && outbox.size > 0; i++) await new Promise((r) => setTimeout(r, 20));
    };
    await waitFor();
    expect(outbox.size).toBe(0);
    expect(server.sent.at(-1)).toEqual([saleP.id, laterSaleP.id, newSaleP.id]);
    const states = await Promise.all(
      [saleP, laterSaleP, newSaleP].map(async (d) => (await db!.collections.movements.findOne(d.id).exec())?.toJSON()),
    );
    expect(states.map((s) => [s?.state, s?.verdict?.stock.qty])).toEqual([
      ['applied', 5],
      ['applied', 4],
      ['applied', 3],
    ]);
  });

  it('after an app restart, picks up what is still re-queued and pushes it through the retry', async () => {
    db = await createReplicaDatabase({
      storage: getRxStorageMemory(),
      name: `outbox-restart-${Date.now()}`,
      withAlerts: false,
    });
    const sale = doc(1, 'purchase', P, 2, true);
    const fresh = doc(2, 'purchase', Q, 1, false);
    await db.collections.movements.bulkInsert([sale, fresh]);
    const server = fakeServer(
      new Map([
        [stockKey(W, P), { qty: 2, version: 1 }],
        [stockKey(W, Q), { qty: 1, version: 1 }],
      ]),
    );
    const outbox = new ParkedOutbox(db.collections.movements, { baseMs: 10, maxMs: 40 }, 10, controller.signal);
    outbox.sender = server.send;
    // RxDB believes both were pushed before the restart and hands over nothing.
    for (let i = 0; i < 100 && (server.sent.length === 0 || outbox.size > 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(server.sent[0]).toEqual([sale.id, fresh.id]);
    const states = await Promise.all(
      [sale, fresh].map(async (d) => (await db!.collections.movements.findOne(d.id).exec())?.toJSON().state),
    );
    expect(states).toEqual(['applied', 'applied']);
  });
});
