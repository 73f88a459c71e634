import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { FakeOfficeServer } from '../test/fake-office-server';
import { product, renderOffice } from '../test/render-office';
import { ProductsScreen } from './ProductsScreen';

// jsdom lays nothing out: give the scroller a height so the virtual list has rows to draw.
const heightOf = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('virtual-scroller') ? 680 : 0;
    },
  });
});
afterAll(() => {
  if (heightOf) Object.defineProperty(HTMLElement.prototype, 'clientHeight', heightOf);
});
afterEach(cleanup);

/** A catalogue of `total` products served 100 at a time, as the server pages it. */
function catalogue(total: number) {
  const all = Array.from({ length: total }, (_, i) => product(i + 1, { barcode: String(4000000000000 + i) }));
  return new FakeOfficeServer().on('GET /products', (call) => {
    const q = (call.query.q ?? '').toLowerCase();
    const hits = q
      ? all.filter((p) => p.name.toLowerCase().includes(q) || p.sku.toLowerCase() === q || p.barcode === q)
      : all;
    const start = Number(call.query.cursor ?? 0);
    const limit = Number(call.query.limit ?? 100);
    return {
      items: hits.slice(start, start + limit),
      nextCursor: start + limit < hits.length ? String(start + limit) : null,
    };
  });
}

describe('ProductsScreen', () => {
  it('draws only the rows in view of a long catalogue and asks the server for the next page near the end', async () => {
    const server = catalogue(100_000);
    renderOffice(server, <ProductsScreen />);
    await waitFor(() => expect(screen.getByTestId('product-count').textContent).toBe('100+ products'));
    // A window of rows, not a hundred thousand (nor even the hundred read so far).
    const drawn = screen.getAllByTestId('product-row').length;
    expect(drawn).toBeGreaterThan(5);
    expect(drawn).toBeLessThan(40);
    expect(server.calls.filter((c) => c.path === '/products')).toHaveLength(1);

    const scroller = screen.getByTestId('product-list');
    act(() => {
      scroller.scrollTop = 68 * 90;
      fireEvent.scroll(scroller);
    });
    await waitFor(() => expect(screen.getByTestId('product-count').textContent).toBe('200+ products'));
    expect(server.calls.filter((c) => c.path === '/products').map((c) => c.query.cursor)).toEqual([undefined, '100']);
    expect(screen.getAllByTestId('product-row').length).toBeLessThan(40);
  });

  it('searches on the server by name, SKU or barcode and starts again from the first page', async () => {
    const server = catalogue(500);
    renderOffice(server, <ProductsScreen />);
    await screen.findAllByTestId('product-row');
    fireEvent.change(screen.getByLabelText('Search by name, SKU or barcode'), { target: { value: '4000000000041' } });
    await waitFor(() =>
      expect(screen.getByTestId('product-count').textContent).toBe('1 product matching “4000000000041”'),
    );
    expect(screen.getAllByTestId('product-row').map((r) => r.textContent)).toEqual([
      expect.stringContaining('Product 42'),
    ]);
    const last = server.calls[server.calls.length - 1]!;
    expect(last.query).toMatchObject({ q: '4000000000041', archived: 'false' });
    expect(last.query.cursor).toBeUndefined();
  });

  it('edits a product, sending only what changed and clearing an emptied field', async () => {
    const server = catalogue(3).on('PATCH /products/:id', (call) => ({
      ...product(2, { barcode: null }),
      name: (call.body as { name: string }).name,
    }));
    renderOffice(server, <ProductsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'Edit Product 2' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Pear, green' } });
    fireEvent.change(screen.getByLabelText(/^Barcode/), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('product-row').map((r) => r.textContent)).toContain('Pear, greenSKU-2EditHistory'),
    );
    const patch = server.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe(`/products/${product(2).id}`);
    expect(patch.body).toEqual({ name: 'Pear, green', barcode: null });
  });

  it('shows a duplicate barcode as the server words it, and keeps the form open', async () => {
    const server = catalogue(1).on('POST /products', () => ({
      status: 409,
      body: {
        error: { code: 'conflict', message: 'Barcode 111 is already used by SKU-9', details: { field: 'barcode' } },
      },
    }));
    renderOffice(server, <ProductsScreen />);
    fireEvent.click(await screen.findByRole('button', { name: 'New product' }));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Plum' } });
    fireEvent.change(screen.getByLabelText('SKU'), { target: { value: 'PL-1' } });
    fireEvent.change(screen.getByLabelText(/^Barcode/), { target: { value: '111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create product' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Barcode 111 is already used by SKU-9');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Plum', sku: 'PL-1', barcode: '111' });
    expect(screen.getByRole('button', { name: 'Create product' })).toBeTruthy();
  });
});
