import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeOfficeServer } from '../test/fake-office-server';
import { product, renderOffice } from '../test/render-office';
import { ProductsScreen } from './ProductsScreen';

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
  // jsdom lays nothing out: give the scroller a height so the virtual list has rows to draw.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.classList.contains('virtual-scroller') ? 680 : 0;
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const items = [product(1), product(2), product(3)];
const pdf = () =>
  new Response(new Uint8Array(2048), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': 'attachment; filename="labels-roll-62mm.pdf"',
    },
  });

describe('Print labels on the products screen', () => {
  it('prints the ticked products in the order ticked, in the layout chosen, as a PDF download', async () => {
    const server = new FakeOfficeServer()
      .on('GET /products', () => ({ items, nextCursor: null }))
      .on('GET /labels/products.pdf', pdf);
    renderOffice(server, <ProductsScreen />);
    expect(screen.queryByRole('button', { name: 'Print labels' })).toBeNull();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Product 3' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Product 1' }));
    const bar = screen.getByRole('group', { name: 'Print labels for the ticked products' });
    expect(bar.querySelector('[role="status"]')?.textContent).toBe('2 products ticked');
    fireEvent.change(screen.getByLabelText('Label layout'), { target: { value: 'roll-62mm' } });
    fireEvent.click(screen.getByRole('button', { name: 'Print labels' }));
    await waitFor(() => expect(saved).toEqual([{ name: 'labels-roll-62mm.pdf', bytes: 2048 }]));
    expect(server.calls.filter((c) => c.path === '/labels/products.pdf').map((c) => c.query)).toEqual([
      { ids: `${items[2]!.id},${items[0]!.id}`, layout: 'roll-62mm' },
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.queryByRole('button', { name: 'Print labels' })).toBeNull();
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Select Product 3' }).checked).toBe(false);
  });

  it('shows the server’s refusal and saves nothing', async () => {
    const server = new FakeOfficeServer()
      .on('GET /products', () => ({ items, nextCursor: null }))
      .on('GET /labels/products.pdf', () => ({
        status: 404,
        body: { error: { code: 'not_found', message: 'product not found' } },
      }));
    renderOffice(server, <ProductsScreen />);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Product 2' }));
    fireEvent.click(screen.getByRole('button', { name: 'Print labels' }));
    expect((await screen.findByRole('alert')).textContent).toBe('product not found');
    expect(saved).toEqual([]);
  });
});
