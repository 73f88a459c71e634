import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Alert, PullResponse } from '@stockline/protocol';
import type { HttpClient } from '../http';
import type { StatusTracker } from '../status';
import { resolvedAlertsLeftOut } from './fresh-alerts';
import type { LiveConnection } from './live';
import { PullBookkeeping, pullHandler, type PullDeps, type ReplicaCheckpoint } from './pull';
import type { SyncGate } from './retry';

const alert = (n: number, status: Alert['status']): Alert => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  warehouseId: '00000000-0000-4000-8000-0000000000aa',
  productId: '00000000-0000-4000-8000-0000000000bb',
  qty: 1,
  threshold: 5,
  status,
  raisedAt: '2026-01-01T00:00:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: status === 'resolved' ? '2026-01-02T00:00:00.000Z' : null,
  movementId: null,
});

/** The server's alerts: every change takes the next seq. */
function alertServer() {
  let seq = 0;
  const rows = new Map<string, { alert: Alert; seq: number }>();
  return {
    rows,
    put: (a: Alert) => rows.set(a.id, { alert: a, seq: ++seq }),
    pull(after: number, limit: number): PullResponse<'alerts'> {
      const newer = [...rows.values()].filter((r) => r.seq > after).sort((a, b) => a.seq - b.seq);
      const page = newer.slice(0, limit);
      return {
        documents: page.map((r) => r.alert),
        checkpoint: { seq: page.at(-1)?.seq ?? after },
        remaining: newer.length - page.length,
        epoch: 'e1',
      };
    },
  };
}

function depsFor(server: ReturnType<typeof alertServer>): PullDeps {
  return {
    http: {
      send: async (_answer: unknown, _m: string, path: string) =>
        server.pull(Number(/after=(\d+)/.exec(path)![1]), Number(/limit=(\d+)/.exec(path)![1])),
    } as unknown as HttpClient,
    gate: { run: (_d: string, fn: () => Promise<unknown>) => fn() } as unknown as SyncGate,
    status: { pulled: () => undefined, stored: () => undefined } as unknown as StatusTracker,
    live: { announcedSeq: () => 0, pulledUpTo: () => undefined, forget: () => undefined } as unknown as LiveConnection,
    progress: new PullBookkeeping(),
  };
}

/** One of RxDB's pull runs, as the device writes it: calls until a short answer, keeps the checkpoint of every non-empty one. */
async function pullRun(
  handler: ReturnType<typeof pullHandler<'alerts'>>,
  device: Map<string, Alert>,
  at: { checkpoint: ReplicaCheckpoint | undefined },
  batchSize: number,
  between: () => void,
) {
  for (;;) {
    const answer = await handler(at.checkpoint, batchSize);
    if (answer.documents.length === 0) return;
    for (const doc of answer.documents) device.set(doc.id, doc);
    at.checkpoint = answer.checkpoint;
    between();
    if (answer.documents.length < batchSize) return;
  }
}

describe("a fresh device's first pass over the alerts", () => {
  it('leaves out the resolved alerts it never had, and still learns that one it pulled open was resolved', async () => {
    const server = alertServer();
    for (let n = 1; n <= 50; n++) server.put(alert(n, n <= 45 ? 'resolved' : 'open'));
    const device = new Map<string, Alert>();
    const handler = pullHandler('alerts', depsFor(server), undefined, undefined, {
      firstPass: resolvedAlertsLeftOut(async () => device.size === 0),
    });
    const at = { checkpoint: undefined as ReplicaCheckpoint | undefined };
    let resolvedOnce = false;
    await pullRun(handler, device, at, 2, () => {
      // Alert 46 was pulled open; it is resolved while the pass goes on.
      if (!resolvedOnce && device.has(alert(46, 'open').id)) {
        server.put(alert(46, 'resolved'));
        resolvedOnce = true;
      }
    });
    await pullRun(handler, device, at, 2, () => undefined);
    expect([...device.values()].filter((a) => a.status === 'open').map((a) => a.id)).toEqual(
      [47, 48, 49, 50].map((n) => alert(n, 'open').id),
    );
    expect(device.get(alert(46, 'open').id)?.status).toBe('resolved');
    expect([...device.values()].filter((a) => a.status === 'resolved')).toHaveLength(1);
  });

  it('gives the last page back unfiltered when a whole answer was left out, so RxDB stores the checkpoint', async () => {
    const server = alertServer();
    for (let n = 1; n <= 30; n++) server.put(alert(n, 'resolved'));
    const handler = pullHandler('alerts', depsFor(server), undefined, undefined, {
      firstPass: resolvedAlertsLeftOut(async () => true),
    });
    const answer = await handler(undefined, 200);
    expect(answer.documents).toHaveLength(30);
    expect(answer.checkpoint).toEqual({ seq: 30, epoch: 'e1' });
  });

  it('pulls everything on a device that already holds alerts', async () => {
    const server = alertServer();
    for (let n = 1; n <= 10; n++) server.put(alert(n, n % 2 ? 'resolved' : 'open'));
    const handler = pullHandler('alerts', depsFor(server), undefined, undefined, {
      firstPass: resolvedAlertsLeftOut(async () => false),
    });
    expect((await handler(undefined, 4)).documents).toHaveLength(4);
  });

  it('ends with the open alerts the server has, whatever changes land during the pass (seeded)', async () => {
    // Each change: alert n becomes open or resolved (a new alert when n is new).
    const change = fc.record({
      n: fc.integer({ min: 1, max: 30 }),
      status: fc.constantFrom<Alert['status']>('open', 'acknowledged', 'resolved'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(change, { maxLength: 40 }),
        fc.array(change, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        async (before, during, batchSize) => {
          const server = alertServer();
          for (const c of before) server.put(alert(c.n, c.status));
          const device = new Map<string, Alert>();
          const handler = pullHandler('alerts', depsFor(server), undefined, undefined, {
            firstPass: resolvedAlertsLeftOut(async () => device.size === 0),
          });
          const at = { checkpoint: undefined as ReplicaCheckpoint | undefined };
          const pending = [...during];
          await pullRun(handler, device, at, batchSize, () => {
            const c = pending.shift();
            if (c) server.put(alert(c.n, c.status));
          });
          for (const c of pending) server.put(alert(c.n, c.status));
          await pullRun(handler, device, at, batchSize, () => undefined);
          const shown = (alerts: Iterable<Alert>) =>
            [...alerts]
              .filter((a) => a.status !== 'resolved')
              .map((a) => `${a.id}:${a.status}`)
              .sort();
          expect(shown(device.values())).toEqual(shown([...server.rows.values()].map((r) => r.alert)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
