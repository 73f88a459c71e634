import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Alert, Product, Warehouse } from '@stockline/protocol';
import type { Availability } from '@stockline/replica';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { AlertsScreen } from './AlertsScreen';
import { AlertToasts } from './AlertToasts';

const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const GLOVES = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
const TAPE = 'd5e6f708-1929-4b3c-8d4e-5f6071829304';
const at = '2026-11-26T08:00:00.000Z';
const products: Product[] = [
  {
    id: GLOVES,
    sku: 'GLV-1',
    name: 'Work gloves',
    barcode: null,
    description: null,
    category: null,
    unit: 'pairs',
    packs: [],
    archived: false,
    updatedAt: at,
  },
  {
    id: TAPE,
    sku: 'TAP-1',
    name: 'Packing tape',
    barcode: null,
    description: null,
    category: null,
    unit: null,
    packs: [],
    archived: false,
    updatedAt: at,
  },
];
const warehouses: Warehouse[] = [
  { id: MAIN, code: 'MAIN', name: 'Main store', location: null, archived: false, updatedAt: at },
];
// Raised when 2 were left; 12 have been restocked since.
const stock: Availability[] = [
  {
    warehouseId: MAIN,
    productId: GLOVES,
    serverQty: 14,
    pendingDelta: 0,
    available: 14,
    threshold: 20,
    version: 5,
    versionAfterPending: 5,
    pending: false,
    bins: [],
  },
];
const alert = (id: string, productId: string, qty: number): Alert => ({
  id,
  warehouseId: MAIN,
  productId,
  qty,
  threshold: 20,
  status: 'open',
  raisedAt: at,
  acknowledgedAt: null,
  acknowledgedBy: null,
  resolvedAt: null,
  movementId: null,
});

function withReplica(ui: React.ReactNode, alerts: Alert[] = []) {
  const replica = new FakeReplica(
    { id: 'm1', username: 'boss', role: 'manager', warehouseIds: [MAIN], active: true },
    products,
    warehouses,
    stock,
  );
  replica.alertList = alerts;
  render(<ReplicaContext.Provider value={replica}>{ui}</ReplicaContext.Provider>);
  return replica;
}

afterEach(cleanup);

describe('alerts', () => {
  it('lists each alert with the stock there now, in the product unit, not the quantity at raise time', async () => {
    withReplica(<AlertsScreen />, [alert('a1', GLOVES, 2)]);
    const row = await screen.findByTestId('alert-row');
    expect(row.textContent).toContain('Main store · 14 pairs now, alert below 20');
    expect(row.textContent).not.toContain(' 2 ');
  });

  it('acknowledges every pop-up at once', async () => {
    const onClose = vi.fn();
    const replica = withReplica(
      <AlertToasts toasts={[alert('a1', GLOVES, 2), alert('a2', TAPE, 1)]} onClose={onClose} />,
    );
    const acknowledge = vi.spyOn(replica, 'acknowledge');
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge all (2)' }));
    expect(acknowledge.mock.calls.map((c) => c[0])).toEqual(['a1', 'a2']);
    expect(onClose.mock.calls.map((c) => c[0])).toEqual(['a1', 'a2']);
  });
});
