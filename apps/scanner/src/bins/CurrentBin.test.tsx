import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { FakeReplica } from '../test/fake-replica';
import { MAIN_ID, mainStore } from '../test/catalogue';
import { backStore, BACK_ID, binA01, binB02, binStock, clerk, shoe, widget } from '../test/bins-catalogue';

let replica: FakeReplica;

vi.mock('../replica-hooks/open-replica', () => ({ openReplica: () => Promise.resolve(replica) }));
const { App } = await import('../App');

/** Signed in already, as after a restart, with the bins given on the device. */
function start(locations = [binA01, binB02]) {
  // Without bins, the device holds no stock in any bin either.
  const stock = locations.length > 0 ? binStock : binStock.map((row) => ({ ...row, bins: [] }));
  replica = new FakeReplica(clerk, [widget, shoe], [mainStore, backStore], stock);
  replica.locationList = locations;
  localStorage.setItem(
    'stockline.session',
    JSON.stringify({ serverUrl: 'http://stock.local', token: 't', user: clerk }),
  );
  render(<App />);
}

async function typeCode(code: string) {
  fireEvent.change(await screen.findByLabelText('Scan anywhere, or type a barcode / SKU'), { target: { value: code } });
  fireEvent.click(screen.getByRole('button', { name: 'Find' }));
}

const tabNames = () =>
  within(screen.getByRole('navigation', { name: 'Screens' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('the current bin', () => {
  it('is set by scanning a bin’s label, shown in the header, kept across a reload, and cleared on request', async () => {
    start();
    await typeCode('LOC-A01');
    const chip = await screen.findByRole('status', { name: 'Current bin A-01' });
    expect(chip.textContent).toContain('A-01');
    // A bin is not a product: no card opened, nothing reported as unknown.
    expect(screen.queryByTestId('product-card')).toBeNull();
    expect(screen.queryByText(/Not recognised/)).toBeNull();

    cleanup();
    start();
    expect(await screen.findByRole('status', { name: 'Current bin A-01' })).toBeTruthy();
    // A bin's code, in any case, names it too.
    await typeCode('b-02');
    await screen.findByRole('status', { name: 'Current bin B-02' });

    fireEvent.click(screen.getByRole('button', { name: 'Leave bin B-02' }));
    await waitFor(() => expect(screen.queryByRole('status', { name: /Current bin/ })).toBeNull());
    cleanup();
    start();
    await screen.findByLabelText('Scan anywhere, or type a barcode / SKU');
    expect(screen.queryByRole('status', { name: /Current bin/ })).toBeNull();
  });

  it('is forgotten when the clerk switches warehouse, also after switching back', async () => {
    start();
    await typeCode('LOC-A01');
    await screen.findByRole('status', { name: 'Current bin A-01' });
    fireEvent.change(screen.getByTestId('warehouse-picker'), { target: { value: BACK_ID } });
    await waitFor(() => expect(screen.queryByRole('status', { name: /Current bin/ })).toBeNull());
    fireEvent.change(screen.getByTestId('warehouse-picker'), { target: { value: MAIN_ID } });
    await screen.findByRole('button', { name: 'Put away' });
    expect(screen.queryByRole('status', { name: /Current bin/ })).toBeNull();
  });

  it('offers Put away only in a warehouse with bins', async () => {
    start();
    await screen.findByRole('button', { name: 'Put away' });
    expect(tabNames()).toEqual(['Scan', 'Count', 'Put away', 'Outbox']);
    fireEvent.change(screen.getByTestId('warehouse-picker'), { target: { value: BACK_ID } });
    await waitFor(() => expect(tabNames()).toEqual(['Scan', 'Count', 'Outbox']));
  });
});

describe('a warehouse without bins', () => {
  it('looks exactly as before: no bin in the header, no Put away, no bins on the card or the count sheet', async () => {
    start([]);
    await typeCode(widget.barcode!);
    await screen.findByTestId('product-card');
    expect(tabNames()).toEqual(['Scan', 'Count', 'Outbox']);
    expect(screen.queryByRole('status', { name: /Current bin/ })).toBeNull();
    expect(screen.queryByTestId('stock-bins')).toBeNull();
    expect(screen.queryByTestId('stock-in-bin')).toBeNull();
    expect(screen.getByTestId('stock-here').textContent).toContain('12');
    // A code no bin has is still an unknown code, as before.
    await typeCode('LOC-A01');
    await screen.findByText('Not recognised: LOC-A01');

    fireEvent.click(screen.getByRole('button', { name: 'Count' }));
    await screen.findByRole('heading', { name: 'Stock count' });
    expect(screen.queryByRole('region', { name: /Expected in this bin/ })).toBeNull();
  });
});
