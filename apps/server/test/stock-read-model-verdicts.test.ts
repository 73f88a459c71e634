import { movement } from '@stockline/test/support/api';
import { afterEach, describe, expect, it } from 'vitest';
import { StockReadModel } from '../src/services/stock-read-model';
import type { Store } from '../src/store/core/port';
import { until } from './support/until';
import { startTestServer, type TestServer } from './support/harness';

/** The store's change stream with a switch that holds the model's pulls: the model falls behind on purpose. */
function holdablePulls(store: Store) {
  let held = false;
  const waiting: (() => void)[] = [];
  return {
    feed: {
      pull: async (...args: Parameters<Store['pull']>) => {
        while (held) await new Promise<void>((resolve) => waiting.push(resolve));
        return store.pull(...args);
      },
    } satisfies Pick<Store, 'pull'>,
    hold: () => (held = true),
    release: () => {
      held = false;
      waiting.splice(0).forEach((resume) => resume());
    },
  };
}

let server: TestServer | undefined;
let model: StockReadModel | undefined;
afterEach(async () => {
  await model?.close();
  await server?.close();
});

describe('stock read model and the levels verdicts show', () => {
  it('never reads a row back older than a refusal on this instance showed it', async () => {
    server = await startTestServer();
    const { admin } = server;
    const w = (await admin.createWarehouse()).id;
    const p = (await admin.createProduct()).id;
    await admin.push([movement({ type: 'restock', warehouseId: w, productId: p, quantity: 5 })]);
    const pulls = holdablePulls(server.store);
    model = new StockReadModel(pulls.feed, { maxLagMs: 60_000 });
    model.start();
    await until(() => model?.get(w, p)?.version === 1, 'the model holds the row');

    // Another writer moves the row while the model's pulls are held; then a purchase here is
    // refused, its verdict showing the row as its transaction read it.
    pulls.hold();
    await admin.push([movement({ type: 'restock', warehouseId: w, productId: p, quantity: 1 })]);
    const { results } = await admin.push([movement({ type: 'purchase', warehouseId: w, productId: p, quantity: 99 })]);
    const refusal = results[0]!;
    expect(refusal.status).toBe('rejected');
    expect(refusal.stock.version).toBe(2);
    expect(model.get(w, p)?.version).toBe(1);

    model.showed([{ warehouseId: w, productId: p, version: refusal.stock.version }]);
    // From the store, not the model's older copy, until the model has caught up.
    expect(model.get(w, p)).toBeUndefined();
    pulls.release();
    await until(() => model?.get(w, p)?.version === 2, 'the model caught up and answers again');
    expect(model.status().ownWrites).toBe(0);
  });
});
