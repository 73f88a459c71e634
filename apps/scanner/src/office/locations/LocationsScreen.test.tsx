import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { Location } from '@stockline/protocol';
import { FakeOfficeServer } from '../test/fake-office-server';
import { AT, product, renderOffice, W1, W2, warehouse } from '../test/render-office';
import { LocationsScreen } from './LocationsScreen';

const saved: { name: string; bytes: number }[] = [];

beforeEach(() => {
  saved.length = 0;
  // jsdom has no object URLs; record what the screen hands the browser instead.
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, bytes: blobs.get(this.href)?.size ?? -1 });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

let n = 0;
const bin = (code: string, extra: Partial<Location> = {}): Location => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  warehouseId: W1,
  code,
  name: code,
  barcode: null,
  archived: false,
  updatedAt: AT,
  ...extra,
});

/** A server holding W1's bins, answering creates and changes as the real one does (409 on a taken code). */
function binServer(initial: Location[]) {
  let bins = [...initial];
  const server = new FakeOfficeServer()
    .on('GET /warehouses', () => ({ items: [warehouse(W1, 'MAIN', 'Main store'), warehouse(W2, 'EAST', 'East')] }))
    .on('GET /warehouses/:id/locations', (call) => ({
      items: call.path.includes(W1) ? bins : [],
    }))
    .on('POST /warehouses/:id/locations', (call) => {
      const body = call.body as { code: string; name?: string; barcode?: string };
      if (bins.some((b) => b.code.toLowerCase() === body.code.toLowerCase()))
        return {
          status: 409,
          body: {
            error: { code: 'conflict', message: `code "${body.code}" already exists`, details: { field: 'code' } },
          },
        };
      const made = bin(body.code, { name: body.name ?? body.code, barcode: body.barcode ?? null });
      bins = [...bins, made];
      return { status: 201, body: made };
    })
    .on('PATCH /locations/:id', (call) => {
      const id = call.path.split('/').pop();
      bins = bins.map((b) =>
        b.id === id ? { ...b, ...(call.body as Partial<Location>), updatedAt: new Date().toISOString() } : b,
      );
      return bins.find((b) => b.id === id);
    });
  return server;
}

const rows = () => screen.getAllByTestId('location-row');
const rowOf = (code: string) => within(rows().find((r) => r.textContent.includes(code))!);

describe('LocationsScreen', () => {
  it('lists the chosen warehouse’s bins, filters them, and creates one; a refusal stays under its field', async () => {
    const server = binServer([bin('A-01', { name: 'Aisle 1', barcode: 'LOC-A01' }), bin('Z-99', { archived: true })]);
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'manager');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rowOf('Z-99').getByText('Archived')).toBeTruthy();
    expect(rowOf('A-01').getByLabelText<HTMLInputElement>('Barcode of A-01').value).toBe('LOC-A01');

    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'aisle' } });
    expect(rows()).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Show archived'));
    expect(rows().map((r) => r.querySelector('.code-chip')?.textContent)).toEqual(['A-01']);

    fireEvent.change(screen.getByLabelText('Location code'), { target: { value: 'a-01' } });
    fireEvent.change(screen.getByLabelText('Location barcode'), { target: { value: 'LOC-NEW' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create location' }));
    const code = screen.getByLabelText('Location code');
    await waitFor(() => expect(code.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(code.getAttribute('aria-describedby')!)?.textContent).toBe(
      'code "a-01" already exists',
    );
    expect((code as HTMLInputElement).value).toBe('a-01');
    expect(screen.getByLabelText<HTMLInputElement>('Location barcode').value).toBe('LOC-NEW');

    fireEvent.change(code, { target: { value: 'B-02' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create location' }));
    expect((await screen.findByText(/Created location B-02/)).textContent).toContain('B-02');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(code.getAttribute('aria-invalid')).toBeNull();
    expect(server.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([
      [`/warehouses/${W1}/locations`, { code: 'a-01', barcode: 'LOC-NEW' }],
      [`/warehouses/${W1}/locations`, { code: 'B-02', barcode: 'LOC-NEW' }],
    ]);
  });

  it('renames, clears a barcode, archives and restores a bin', async () => {
    const server = binServer([bin('A-01', { name: 'Aisle 1', barcode: 'LOC-A01' })]);
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'manager');
    // A change is done when its PATCH was answered, the list read again after it, and the row's
    // buttons are live again; the typed name is in the field before any of it, so proves nothing.
    const settled = (patches: number) =>
      waitFor(() => {
        const last = server.calls.map((c) => c.method).lastIndexOf('PATCH');
        expect(server.calls.filter((c) => c.method === 'PATCH')).toHaveLength(patches);
        expect(server.calls.slice(last + 1).some((c) => c.method === 'GET')).toBe(true);
        expect(
          rowOf('A-01').getByRole<HTMLButtonElement>('button', { name: /^(Archive|Restore) A-01$/ }).disabled,
        ).toBe(false);
      });
    const name = await screen.findByLabelText<HTMLInputElement>('Name of A-01');
    fireEvent.change(name, { target: { value: 'Aisle one' } });
    fireEvent.change(screen.getByLabelText('Barcode of A-01'), { target: { value: '' } });
    fireEvent.click(rowOf('A-01').getByRole('button', { name: 'Save' }));
    await settled(1);
    expect(rowOf('A-01').getByLabelText<HTMLInputElement>('Name of A-01').value).toBe('Aisle one');
    fireEvent.click(rowOf('A-01').getByRole('button', { name: 'Archive A-01' }));
    await settled(2);
    await waitFor(() => expect(rowOf('A-01').getByText('Archived')).toBeTruthy());
    fireEvent.click(rowOf('A-01').getByRole('button', { name: 'Restore A-01' }));
    await settled(3);
    await waitFor(() => expect(rowOf('A-01').queryByText('Archived')).toBeNull());
    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { name: 'Aisle one', barcode: null },
      { archived: true },
      { archived: false },
    ]);
  });

  it('imports bins from CSV after a preview that says which codes exist, into the chosen warehouse', async () => {
    const csv = 'code,name,barcode\nA-01,Aisle one,\nB-01,Bay,LOC-B01\n';
    const server = binServer([bin('A-01')]).on('POST /import/locations', (call) => ({
      dryRun: call.query.dryRun === 'true',
      skipInvalid: false,
      applied: call.query.dryRun === 'false',
      created: 1,
      updated: 1,
      unchanged: 0,
      errors: [],
    }));
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'admin');
    const input = await screen.findByLabelText<HTMLInputElement>('Choose a CSV file');
    fireEvent.change(input, { target: { files: [new File([csv], 'bins.csv', { type: 'text/csv' })] } });
    await screen.findByTestId('import-preview');
    expect(screen.getByTestId('count-update').textContent).toBe('1');
    fireEvent.click(screen.getByRole('button', { name: 'Import: create 1 location, update 1 location' }));
    expect((await screen.findByTestId('import-result')).textContent).toBe(
      'Imported: 1 created, 1 updated, 0 unchanged.',
    );
    expect(server.calls.filter((c) => c.path === '/import/locations').map((c) => [c.query, c.body])).toEqual([
      [{ warehouseId: W1, dryRun: 'true', skipInvalid: 'false' }, csv],
      [{ warehouseId: W1, dryRun: 'false', skipInvalid: 'false' }, csv],
    ]);
    // The list is read again once the import applied.
    await waitFor(() =>
      expect(server.calls.filter((c) => c.path === `/warehouses/${W1}/locations`).length).toBeGreaterThan(1),
    );
  });

  it('prints the warehouse’s bin labels in the layout chosen, and shows a refusal', async () => {
    let refuse = false;
    const server = binServer([bin('A-01'), bin('A-02')]).on('GET /labels/locations.pdf', () =>
      refuse
        ? { status: 404, body: { error: { code: 'not_found', message: 'no active location to print' } } }
        : new Response(new Uint8Array(4096), { headers: { 'content-type': 'application/pdf' } }),
    );
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'manager');
    const bar = await screen.findByRole('group', { name: 'Print labels for the locations' });
    expect(within(bar).getByText('Labels for 2 active locations')).toBeTruthy();
    fireEvent.change(within(bar).getByLabelText('Label layout'), { target: { value: 'roll-62mm' } });
    fireEvent.click(within(bar).getByRole('button', { name: 'Print labels' }));
    await waitFor(() => expect(saved).toEqual([{ name: 'location-labels-roll-62mm.pdf', bytes: 4096 }]));
    expect(server.calls.filter((c) => c.path === '/labels/locations.pdf').map((c) => c.query)).toEqual([
      { warehouseId: W1, layout: 'roll-62mm' },
    ]);
    refuse = true;
    // The file is saved a moment before the button is ready again (its busy state ends after).
    const again = await within(bar).findByRole('button', { name: 'Print labels' });
    await waitFor(() => expect(again).toHaveProperty('disabled', false));
    fireEvent.click(again);
    expect((await within(bar).findByRole('alert')).textContent).toBe('no active location to print');
    expect(saved).toHaveLength(1);
  });

  it('switches to another warehouse and shows that it has no bins yet', async () => {
    const server = binServer([bin('A-01')]);
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'admin');
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.change(screen.getByLabelText('Warehouse'), { target: { value: W2 } });
    expect(await screen.findByText(/No locations in this warehouse yet/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Print labels' })).toHaveProperty('disabled', true);
  });

  it('opens what a bin holds, by product, read when opened', async () => {
    const shelf = bin('A-01');
    const server = binServer([shelf, bin('A-02')])
      .on('GET /stock', (call) => ({
        items:
          call.query.locationId === shelf.id
            ? [{ warehouseId: W1, locationId: shelf.id, productId: product(7).id, qty: 5, version: 2, updatedAt: AT }]
            : [],
      }))
      .on('GET /products/:id', () => product(7));
    renderOffice(server, <LocationsScreen warehouseId={W1} />, 'manager');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(server.calls.some((c) => c.path === '/stock')).toBe(false);
    fireEvent.click(rowOf('A-01').getByRole('button', { name: 'Contents of A-01' }));
    const table = await screen.findByRole('table', { name: 'Contents of A-01' });
    await waitFor(() =>
      expect(
        within(table)
          .getAllByRole('cell')
          .map((c) => c.textContent),
      ).toEqual(['Product 7', '5']),
    );
    expect(server.calls.find((c) => c.path === '/stock')?.query).toEqual({ warehouseId: W1, locationId: shelf.id });
    fireEvent.click(rowOf('A-02').getByRole('button', { name: 'Contents of A-02' }));
    expect(await rowOf('A-02').findByText('Nothing in this bin.')).toBeTruthy();
  });
});
