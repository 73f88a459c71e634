import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { Observable } from 'rxjs';
import type { Product, Warehouse } from '@stockline/protocol';
import { FakeReplica } from '../test/fake-replica';
import { AT, blueWidget, MAIN_ID, mainStore, WIDGET_ID } from '../test/catalogue';
import { ReplicaContext } from './replica-context';
import { useLookups } from './use-lookups';

const at = AT;
const WIDGET = WIDGET_ID;
const MAIN = MAIN_ID;
const products: Product[] = [blueWidget];
const warehouses: Warehouse[] = [mainStore];

/** Counts the catalogue queries subscribed to (each one a live query over every product in a real replica). */
class CountingReplica extends FakeReplica {
  catalogueQueries = 0;
  override products$(): Observable<Product[]> {
    const inner = super.products$();
    return new Observable<Product[]>((subscriber) => {
      this.catalogueQueries++;
      return inner.subscribe(subscriber);
    });
  }
}

function Names() {
  const { products: byId, warehouses: whById } = useLookups();
  return (
    <p>
      product: {byId.get(WIDGET)?.name ?? '(not read)'}; warehouse: {whById.get(MAIN)?.name ?? '(not read)'}
    </p>
  );
}

afterEach(cleanup);

describe('useLookups', () => {
  it('opens no catalogue query while the first sync writes the catalogue, and reads it once that is done', async () => {
    const replica = new CountingReplica(
      { id: 'u1', username: 'admin', role: 'admin', warehouseIds: [], active: true },
      products,
      warehouses,
      [],
    );
    replica.setStatus({ initialSyncDone: false, initialSyncProgress: 0.4 });
    render(
      <ReplicaContext.Provider value={replica}>
        <Names />
        <Names />
      </ReplicaContext.Provider>,
    );
    await screen.findAllByText(/warehouse: Main store/);
    expect(replica.catalogueQueries).toBe(0);
    expect(screen.getAllByText(/product: \(not read\)/)).toHaveLength(2);

    await act(async () => replica.setStatus({ initialSyncProgress: 0.9 }));
    expect(replica.catalogueQueries).toBe(0);

    await act(async () => replica.setStatus({ initialSyncDone: true, initialSyncProgress: 1 }));
    expect(await screen.findAllByText(/product: Blue widget/)).toHaveLength(2);
    expect(replica.catalogueQueries).toBe(2);
  });

  it('reads the catalogue at once on a device whose first sync is already done', async () => {
    const replica = new CountingReplica(
      { id: 'u1', username: 'clerk', role: 'clerk', warehouseIds: [MAIN], active: true },
      products,
      warehouses,
      [],
    );
    render(
      <ReplicaContext.Provider value={replica}>
        <Names />
      </ReplicaContext.Provider>,
    );
    expect(await screen.findByText(/product: Blue widget; warehouse: Main store/)).toBeTruthy();
  });

  it('reads the catalogue at once when the replica reopens offline after an earlier first sync (names in the outbox)', async () => {
    const replica = new CountingReplica(
      { id: 'u7', username: 'clerk', role: 'clerk', warehouseIds: [MAIN], active: true },
      products,
      warehouses,
      [],
    );
    replica.setStatus({ initialSyncDone: false, online: false });
    localStorage.setItem('stockline.syncMemory.u7', JSON.stringify({ lastSyncedAt: at, everSynced: true }));
    render(
      <ReplicaContext.Provider value={replica}>
        <Names />
      </ReplicaContext.Provider>,
    );
    expect(await screen.findByText(/product: Blue widget; warehouse: Main store/)).toBeTruthy();
    localStorage.clear();
  });
});
