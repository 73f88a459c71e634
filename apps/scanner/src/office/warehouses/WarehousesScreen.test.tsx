import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Warehouse } from '@stockline/protocol';
import { FakeOfficeServer } from '../test/fake-office-server';
import { AT, renderOffice, W1, warehouse } from '../test/render-office';
import { WarehousesScreen } from './WarehousesScreen';

afterEach(cleanup);

describe('WarehousesScreen', () => {
  it('renames and archives a warehouse, then restores it', async () => {
    let main: Warehouse = warehouse(W1, 'MAIN', 'Main store');
    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [main] }))
      .on(
        'PATCH /warehouses/:id',
        (call) =>
          (main = {
            ...main,
            ...(call.body as Partial<Warehouse>),
            updatedAt: new Date(Date.parse(AT) + server.calls.length).toISOString(),
          }),
      );
    renderOffice(server, <WarehousesScreen />);
    const row = () => within(screen.getByTestId('warehouse-row'));
    // A change is done when its PATCH was answered and the list read again after it; the typed
    // name is in the field before either, so it proves nothing on its own.
    const settled = (patches: number) =>
      waitFor(() => {
        const last = server.calls.map((c) => c.method).lastIndexOf('PATCH');
        expect(server.calls.filter((c) => c.method === 'PATCH')).toHaveLength(patches);
        expect(server.calls.slice(last + 1).some((c) => c.method === 'GET')).toBe(true);
      });
    fireEvent.change(await screen.findByLabelText('Name of MAIN'), { target: { value: 'Main shop' } });
    fireEvent.click(row().getByRole('button', { name: 'Rename' }));
    await settled(1);
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Name of MAIN').value).toBe('Main shop'));
    fireEvent.click(row().getByRole('button', { name: 'Archive' }));
    await settled(2);
    await waitFor(() => expect(row().getByText('Archived')).toBeTruthy());
    fireEvent.click(row().getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(row().queryByText('Archived')).toBeNull());
    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { name: 'Main shop' },
      { archived: true },
      { archived: false },
    ]);
  });

  it('shows a refused code and keeps what was typed', async () => {
    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [] }))
      .on('POST /warehouses', () => ({
        status: 409,
        body: { error: { code: 'conflict', message: 'A warehouse with code MAIN exists' } },
      }));
    renderOffice(server, <WarehousesScreen />);
    fireEvent.change(await screen.findByLabelText('Warehouse code'), { target: { value: 'MAIN' } });
    fireEvent.change(screen.getByLabelText('Warehouse name'), { target: { value: 'Main' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create warehouse' }));
    expect((await screen.findByRole('alert')).textContent).toBe('A warehouse with code MAIN exists');
    expect(screen.getByLabelText<HTMLInputElement>('Warehouse code').value).toBe('MAIN');
  });
});
