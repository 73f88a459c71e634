import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { LocalMovement } from '@stockline/replica';
import type { Product, Warehouse } from '@stockline/protocol';
import { OutboxList } from './OutboxList';

const W1 = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const P1 = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
const products = new Map<string, Product>([
  [
    P1,
    {
      id: P1,
      sku: 'SKU-1',
      name: 'Blue widget',
      barcode: '123456',
      description: null,
      category: null,
      unit: null,
      packs: [],
      archived: false,
      updatedAt: '2026-11-26T08:00:00.000Z',
    },
  ],
]);
const warehouses = new Map<string, Warehouse>([
  [
    W1,
    {
      id: W1,
      code: 'MAIN',
      name: 'Main store',
      location: null,
      archived: false,
      updatedAt: '2026-11-26T08:00:00.000Z',
    },
  ],
]);

function movement(id: string, state: LocalMovement['state'], extra: Partial<LocalMovement> = {}): LocalMovement {
  return {
    id,
    type: 'purchase',
    quantity: 2,
    warehouseId: W1,
    productId: P1,
    occurredAt: '2026-11-26T09:00:00.000Z',
    recordedAt: '2026-11-26T09:00:00.000Z',
    state,
    verdict: null,
    dismissed: false,
    ...extra,
  } as LocalMovement;
}

afterEach(cleanup);

describe('OutboxList', () => {
  it('shows each movement with its state in words', () => {
    render(
      <OutboxList
        movements={[
          movement('a', 'pending'),
          movement('b', 'applied', { verdict: { id: 'b', status: 'applied', stock: { qty: 7, version: 3 } } }),
        ]}
        products={products}
        warehouses={warehouses}
        onDismiss={() => {}}
      />,
    );
    const rows = screen.getAllByTestId('outbox-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Pending');
    expect(rows[0]!.textContent).toContain('Sale');
    expect(rows[0]!.textContent).toContain('Blue widget');
    expect(rows[1]!.textContent).toContain('Applied');
    expect(rows[1]!.textContent).toContain('stock now 7');
  });

  it('puts a rejection first, explains it, and dismisses it on request', () => {
    const onDismiss = vi.fn();
    const rejected = movement('r', 'rejected', {
      verdict: { id: 'r', status: 'rejected', reason: 'insufficient_stock', stock: { qty: 1, version: 4 } },
    });
    render(
      <OutboxList
        movements={[movement('a', 'pending'), rejected]}
        products={products}
        warehouses={warehouses}
        onDismiss={onDismiss}
      />,
    );
    const rows = screen.getAllByTestId('outbox-row');
    expect(rows[0]!.dataset.state).toBe('rejected');
    expect(screen.getByTestId('rejection-reason').textContent).toBe(
      'Not enough stock: the server had fewer units than this sale needed',
    );
    expect(rows[0]!.textContent).toContain('server stock 1');
    fireEvent.click(within(rows[0]!).getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledWith('r');
  });

  it('says so when nothing was recorded', () => {
    render(<OutboxList movements={[]} products={products} warehouses={warehouses} onDismiss={() => {}} />);
    expect(screen.getByText('Nothing recorded on this device yet.')).toBeTruthy();
  });
});
