import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { LedgerEntry } from '@stockline/protocol';
import { FakeOfficeServer } from '../test/fake-office-server';
import { AT, product, renderOffice, W1, warehouse } from '../test/render-office';
import { HistoryScreen } from './HistoryScreen';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const P = product(42);
const CLERK = '00000000-0000-4000-8000-0000000000cc';
const entry = (n: number, type: 'restock' | 'purchase'): LedgerEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type,
  quantity: 2,
  warehouseId: W1,
  productId: P.id,
  deviceId: 'handheld-7',
  occurredAt: AT,
  recordedAt: AT,
  userId: CLERK,
  username: 'anna',
  verdict: {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    status: 'applied',
    stock: { qty: 10 - n, version: n },
  },
});

function ledgerServer() {
  return new FakeOfficeServer()
    .on('GET /warehouses', () => ({ items: [warehouse(W1, 'MAIN', 'Main store')] }))
    .on('GET /devices', () => ({ items: [] }))
    .on('GET /users', () => ({ items: [] }))
    .on('GET /products/:id', () => P)
    .on('GET /movements', (call) =>
      call.query.cursor
        ? { items: [entry(3, 'purchase')], nextCursor: null }
        : { items: [entry(1, 'restock'), entry(2, 'purchase')], nextCursor: 'c2' },
    );
}

describe('HistoryScreen', () => {
  it("shows a product's movements with who, device, verdict and stock after, and pages back in time", async () => {
    const server = ledgerServer();
    renderOffice(server, <HistoryScreen initial={{ productId: P.id }} />, 'manager');
    await screen.findByRole('heading', { name: 'History of Product 42' });
    await waitFor(() => expect(screen.getAllByTestId('ledger-row')).toHaveLength(2));
    const cells = [...screen.getAllByTestId('ledger-row')[0]!.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(1)).toEqual(['Product 42', 'Main store', 'Restock', '+2', 'Applied', '9', 'anna', 'handheld-7']);
    expect(server.calls.find((c) => c.path === '/movements')?.query).toEqual({ productId: P.id, limit: '100' });

    fireEvent.click(screen.getByRole('button', { name: 'Show older movements' }));
    await waitFor(() => expect(screen.getAllByTestId('ledger-row')).toHaveLength(3));
    expect(server.calls.filter((c) => c.path === '/movements').at(-1)?.query).toEqual({
      productId: P.id,
      cursor: 'c2',
      limit: '100',
    });
  });

  it('filters on the server by type and user, and exports the same filter as CSV', async () => {
    const server = ledgerServer();
    renderOffice(server, <HistoryScreen initial={{}} />, 'manager');
    await waitFor(() => expect(screen.getAllByTestId('ledger-row')).toHaveLength(2));
    fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'purchase' } });
    // Managers cannot list users: the people seen in the ledger fill the choice.
    fireEvent.change(screen.getByLabelText('User'), { target: { value: CLERK } });
    await waitFor(() =>
      expect(server.calls.filter((c) => c.path === '/movements').at(-1)?.query).toEqual({
        type: 'purchase',
        userId: CLERK,
        limit: '100',
      }),
    );

    const saved: string[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: () => 'blob:ledger', revokeObjectURL: () => undefined }),
    );
    server.on('GET /movements', () => ({ status: 200, body: 'recordedAt,type\n' }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await screen.findByText('✓ Saved ledger.csv');
    expect(saved).toEqual(['ledger.csv']);
    expect(server.calls.at(-1)).toMatchObject({ path: '/movements', query: { type: 'purchase', userId: CLERK } });
    click.mockRestore();
  });

  it('names the bins a movement used and shows the product’s stock by bin in the chosen warehouse', async () => {
    const [A01, B02] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b2'];
    const moved: LedgerEntry = {
      ...entry(5, 'restock'),
      type: 'transfer',
      toWarehouseId: W1,
      locationId: A01,
      toLocationId: B02,
    } as LedgerEntry;
    const server = ledgerServer()
      .on('GET /movements', () => ({ items: [moved, entry(6, 'restock')], nextCursor: null }))
      .on('GET /warehouses/:id/locations', () => ({
        items: [
          { id: A01, warehouseId: W1, code: 'A-01', name: 'A', barcode: null, archived: false, updatedAt: AT },
          { id: B02, warehouseId: W1, code: 'B-02', name: 'B', barcode: null, archived: false, updatedAt: AT },
        ],
      }))
      .on('GET /stock/:w/:p', () => ({
        warehouseId: W1,
        productId: P.id,
        qty: 9,
        version: 4,
        threshold: 0,
        reorderQty: 0,
        updatedAt: AT,
        locations: [
          { locationId: A01, code: 'A-01', qty: 2 },
          { locationId: B02, code: 'B-02', qty: 5 },
        ],
      }));
    renderOffice(server, <HistoryScreen initial={{ productId: P.id, warehouseId: W1 }} />, 'manager');
    await waitFor(() => expect(screen.getAllByTestId('ledger-row')[0]!.textContent).toContain('A-01 → B-02'));
    expect(
      within(screen.getByRole('table', { name: 'Movements' })).getByRole('columnheader', { name: 'Bin' }),
    ).toBeTruthy();
    const panel = await screen.findByTestId('stock-by-bin');
    expect(panel.textContent).toContain('Stock of Product 42 in Main store: 9');
    const lines = [...panel.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(lines).toEqual([
      ['A-01', '2'],
      ['B-02', '5'],
      ['in no bin', '2'],
    ]);
    // One look-up of the warehouse's bins for every line naming them.
    expect(server.calls.filter((c) => c.path === `/warehouses/${W1}/locations`)).toHaveLength(1);
  });

  it('shows no bin column for a ledger that names no bin', async () => {
    renderOffice(ledgerServer(), <HistoryScreen initial={{}} />, 'manager');
    await waitFor(() => expect(screen.getAllByTestId('ledger-row')).toHaveLength(2));
    expect(screen.queryByRole('columnheader', { name: 'Bin' })).toBeNull();
  });
});
