import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { StockRow } from '@stockline/protocol';
import { FakeOfficeServer } from '../test/fake-office-server';
import { AT, product, renderOffice, W1, warehouse } from '../test/render-office';
import { DeskScreen } from './DeskScreen';

afterEach(cleanup);

describe('DeskScreen', () => {
  it('suggests an order for each low row and follows a reorder quantity once set', async () => {
    const p = product(7);
    let row: StockRow = {
      warehouseId: W1,
      productId: p.id,
      qty: 3,
      threshold: 10,
      reorderQty: 0,
      version: 4,
      updatedAt: AT,
    };
    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [warehouse(W1, 'MAIN', 'Main store')] }))
      .on('GET /stock', () => ({ items: [row] }))
      .on('GET /products/:id', () => p)
      .on('PUT /stock/:w/:p/reorder', (call) => (row = { ...row, ...(call.body as { reorderQty: number }) }))
      .on('GET /devices', () => ({
        items: [
          {
            deviceId: 'handheld-1',
            userId: p.id,
            username: 'anna',
            lastContactAt: new Date().toISOString(),
            queued: 4,
            queuedAt: new Date().toISOString(),
          },
        ],
      }));
    const { went } = renderOffice(server, <DeskScreen warehouseId={W1} />, 'manager');
    const low = within(await screen.findByTestId('desk-low-row'));
    await low.findByText('Product 7');
    expect(low.getByTestId('suggested').textContent).toBe('17'); // up to twice the threshold: 20 − 3
    fireEvent.change(low.getByLabelText('Reorder quantity'), { target: { value: '50' } });
    fireEvent.submit(low.getByLabelText('Reorder quantity').closest('form')!);
    await waitFor(() =>
      expect(within(screen.getByTestId('desk-low-row')).getByTestId('suggested').textContent).toBe('50'),
    );
    expect(server.calls.find((c) => c.method === 'PUT')).toMatchObject({
      path: `/stock/${W1}/${p.id}/reorder`,
      body: { reorderQty: 50 },
    });
    expect(server.calls.find((c) => c.path === '/stock')?.query).toEqual({ warehouseId: W1, low: 'true' });

    expect((await screen.findByTestId('device-row')).textContent).toMatch(/handheld-1anna.*4/);
    fireEvent.click(within(screen.getByTestId('desk-low-row')).getByRole('button', { name: 'History' }));
    expect(went).toEqual([['history', { productId: p.id, warehouseId: W1 }]]);
  });

  it('refuses a reorder quantity that is not a whole number without asking the server', async () => {
    const p = product(8);
    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [warehouse(W1, 'MAIN', 'Main store')] }))
      .on('GET /stock', () => ({
        items: [{ warehouseId: W1, productId: p.id, qty: 1, threshold: 2, reorderQty: 0, version: 1, updatedAt: AT }],
      }))
      .on('GET /products/:id', () => p)
      .on('GET /devices', () => ({ items: [] }));
    renderOffice(server, <DeskScreen warehouseId={W1} />, 'manager');
    const input = await screen.findByLabelText('Reorder quantity');
    fireEvent.change(input, { target: { value: '2.5' } });
    fireEvent.submit(input.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe('A whole number, 0 or more.');
    expect(server.calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
