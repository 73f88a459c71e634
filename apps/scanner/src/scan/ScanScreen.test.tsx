import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Product, Warehouse } from '@stockline/protocol';
import type { Availability } from '@stockline/replica';
import { OnlineApiContext } from '../online/online-api-context';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { ScanScreen, type ScanEvent } from './ScanScreen';

const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const BACK = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const WIDGET = 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293';
const at = '2026-11-26T08:00:00.000Z';
const GADGET = 'd5e6f708-1929-4b3c-8d4e-5f6071829304';
const SHOE = 'e6f70819-2a3b-4c4d-9e5f-60718293a415';
const products: Product[] = [
  {
    id: WIDGET,
    sku: 'WID-1',
    name: 'Blue widget',
    barcode: '4006381333931',
    description: null,
    category: null,
    unit: null,
    packs: [],
    archived: false,
    updatedAt: at,
  },
  {
    id: GADGET,
    sku: 'GAD-1',
    name: 'Red gadget',
    barcode: '4006381333948',
    description: null,
    category: null,
    unit: null,
    packs: [],
    archived: false,
    updatedAt: at,
  },
  {
    id: SHOE,
    sku: 'SHOE-1',
    name: 'Work shoe',
    barcode: '4006381333955',
    description: null,
    category: null,
    unit: 'pairs',
    packs: [{ barcode: '4006381333962', quantity: 12 }],
    archived: false,
    updatedAt: at,
  },
];
const warehouses: Warehouse[] = [
  { id: MAIN, code: 'MAIN', name: 'Main store', location: null, archived: false, updatedAt: at },
  { id: BACK, code: 'BACK', name: 'Back store', location: null, archived: false, updatedAt: at },
];
const stock: Availability[] = [
  {
    warehouseId: MAIN,
    productId: WIDGET,
    serverQty: 10,
    pendingDelta: -2,
    available: 8,
    threshold: 3,
    version: 4,
    versionAfterPending: 5,
    pending: true,
    bins: [],
  },
  {
    warehouseId: BACK,
    productId: WIDGET,
    serverQty: 5,
    pendingDelta: 0,
    available: 5,
    threshold: 0,
    version: 1,
    versionAfterPending: 1,
    pending: false,
    bins: [],
  },
  {
    warehouseId: MAIN,
    productId: GADGET,
    serverQty: 31,
    pendingDelta: 0,
    available: 31,
    threshold: 3,
    version: 2,
    versionAfterPending: 2,
    pending: false,
    bins: [],
  },
  {
    warehouseId: BACK,
    productId: GADGET,
    serverQty: 0,
    pendingDelta: 0,
    available: 0,
    threshold: 0,
    version: 0,
    versionAfterPending: 0,
    pending: false,
    bins: [],
  },
];

function setup(role: 'clerk' | 'manager' = 'clerk') {
  const replica = new FakeReplica(
    { id: 'u1', username: role, role, warehouseIds: [MAIN, BACK], active: true },
    products,
    warehouses,
    stock,
  );
  const view = (scan: ScanEvent | null) => (
    <ReplicaContext.Provider value={replica}>
      <OnlineApiContext.Provider value={replica}>
        <ScanScreen scan={scan} warehouseId={MAIN} canEditThreshold={false} active myWarehouses={warehouses} online />
      </OnlineApiContext.Provider>
    </ReplicaContext.Provider>
  );
  const utils = render(view(null));
  const scan = async (code: string, seq: number) => {
    await act(async () => utils.rerender(view({ code, seq })));
  };
  return { replica, scan };
}

afterEach(cleanup);

describe('ScanScreen', () => {
  it('opens a scanned product with availability here, elsewhere and pending changes', async () => {
    const { scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    expect(screen.getByTestId('stock-here').textContent).toContain('8');
    expect(screen.getByTestId('stock-here').textContent).toContain('−2 pending');
    expect(screen.getByText('Back store').closest('tr')?.textContent).toContain('5');
  });

  it("shows the quantity here in the same commit as the name, never another product's or a placeholder", async () => {
    const { replica, scan } = setup();
    // The live query never answers: what the card shows comes from the scan's own read.
    replica.holdLiveAvailability = true;
    const seen: string[] = [];
    const observer = new MutationObserver(() => {
      const name = document.querySelector('#product-name')?.textContent;
      if (name) seen.push(`${name}: ${document.querySelector('[data-testid="stock-here"] .stock-qty')?.textContent}`);
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    await scan('4006381333948', 2);
    await screen.findByText('Red gadget');
    observer.disconnect();
    expect(screen.getByTestId('stock-here').querySelector('.stock-qty')?.textContent).toBe('31');
    expect(new Set(seen)).toEqual(new Set(['Blue widget: 8', 'Red gadget: 31']));
  });

  it('opens a case barcode at the case’s quantity, says what a case holds in the product’s unit, and records that many', async () => {
    const { replica, scan } = setup();
    await scan('4006381333962', 1);
    await screen.findByText('Work shoe');
    expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('12');
    expect(screen.getByTestId('pack-scanned').textContent).toBe('1 case = 12 pairs');
    expect(screen.getByTestId('quantity-unit').textContent).toBe('pairs');
    // A second case adds twelve more; the product's own barcode adds one and shows no case.
    await scan('4006381333962', 2);
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('24'));
    await scan('4006381333955', 3);
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('25'));
    expect(screen.queryByTestId('pack-scanned')).toBeNull();
    fireEvent.keyDown(window, { key: 'F4' });
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    expect(replica.recorded[0]).toEqual({
      kind: 'restock',
      args: { warehouseId: MAIN, productId: SHOE, quantity: 25 },
    });
  });

  it('adds up repeated scans and records a sale of that many with F2', async () => {
    const { replica, scan } = setup();
    for (let i = 1; i <= 3; i++) await scan('4006381333931', i);
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('3'));
    fireEvent.keyDown(window, { key: 'F2' });
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    expect(replica.recorded[0]).toEqual({
      kind: 'purchase',
      args: { warehouseId: MAIN, productId: WIDGET, quantity: 3 },
    });
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('1'));
    // Not "done" until the server says so.
    expect(screen.getByTestId('feedback').textContent).toContain(
      'Sale of 3 × Blue widget: saved on this device, sending…',
    );
    act(() => replica.answer('m-1', { id: 'm-1', status: 'applied', stock: { qty: 5, version: 5 } }));
    await waitFor(() => expect(screen.getByTestId('feedback').textContent).toContain('applied · 5 here now'));
  });

  it('starts at one again when the product just sold is scanned again', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    fireEvent.keyDown(window, { key: 'F2' });
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    await scan('4006381333931', 2);
    fireEvent.keyDown(window, { key: 'F2' });
    await waitFor(() => expect(replica.recorded).toHaveLength(2));
    expect(replica.recorded.map((r) => (r.args as { quantity: number }).quantity)).toEqual([1, 1]);
  });

  it('shows a refusal in place, in red, with the server stock and a next step', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    fireEvent.keyDown(window, { key: 'F2' });
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    act(() =>
      replica.answer('m-1', {
        id: 'm-1',
        status: 'rejected',
        reason: 'insufficient_stock',
        stock: { qty: 0, version: 7 },
      }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('refused');
    expect(alert.textContent).toContain('The server has 0 here');
    expect(screen.getByRole('button', { name: 'Count this shelf' })).toBeTruthy();
  });

  it('asks before selling more than this device shows', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    fireEvent.change(screen.getByTestId('quantity'), { target: { value: '9' } });
    fireEvent.keyDown(window, { key: 'F2' });
    expect((await screen.findByRole('alertdialog')).textContent).toContain('Only 8 here');
    expect(replica.recorded).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Record sale of 9' }));
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
  });

  it('asks for the destination of a transfer', async () => {
    const { replica, scan } = setup();
    await scan('WID-1', 1);
    await screen.findByText('Blue widget');
    fireEvent.click(screen.getByRole('button', { name: /Transfer/ }));
    fireEvent.click(await screen.findByRole('button', { name: /Back store/ }));
    await waitFor(() =>
      expect(replica.recorded[0]).toEqual({
        kind: 'transfer',
        args: { warehouseId: MAIN, productId: WIDGET, quantity: 1, toWarehouseId: BACK },
      }),
    );
  });

  it('tells a clerk to fetch a manager for a code no product has, and keeps it for them', async () => {
    const { scan } = setup();
    await scan('nothing-here', 1);
    expect((await screen.findByRole('alert')).textContent).toContain('Not recognised: nothing-here');
    expect(localStorage.getItem('stockline.unknownCodes')).toContain('nothing-here');
  });

  it('lets a manager give a code that scanned unknown to an existing product, then opens it', async () => {
    const { replica, scan } = setup('manager');
    await scan('0012345678905', 1);
    await screen.findByText('Not recognised: 0012345678905');
    fireEvent.change(screen.getByLabelText('Find a product (name or SKU)'), { target: { value: 'blue' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Attach the code to Blue widget' }));
    await waitFor(() => expect(replica.attached).toEqual([{ productId: WIDGET, barcode: '0012345678905' }]));
    await screen.findByText('Blue widget');
    expect(screen.queryByText(/Not recognised/)).toBeNull();
  });

  it('lists a product in the attach search as soon as its pull lands, without typing again', async () => {
    const { replica, scan } = setup('manager');
    await scan('0012345678905', 1);
    await screen.findByText('Not recognised: 0012345678905');
    fireEvent.change(screen.getByLabelText('Find a product (name or SKU)'), { target: { value: 'fuse' } });
    expect(screen.queryByRole('button', { name: 'Attach the code to Spare fuse 10 A' })).toBeNull();
    act(() =>
      replica.arrive({ ...products[0]!, id: 'fuse-1', name: 'Spare fuse 10 A', sku: 'FUSE-10', barcode: null }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Attach the code to Spare fuse 10 A' }));
    await waitFor(() => expect(replica.attached).toEqual([{ productId: 'fuse-1', barcode: '0012345678905' }]));
  });

  it('closes the open card at once on a new scan; an unknown code arms nothing and clears the previous feedback', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByText('Blue widget');
    fireEvent.keyDown(window, { key: 'F4' });
    await screen.findByText(/Restock of 1 × Blue widget/);
    await scan('0000000000000', 2);
    await screen.findByText('Not recognised: 0000000000000');
    expect(screen.queryByText('Blue widget')).toBeNull();
    expect(screen.queryByText(/Restock of 1 × Blue widget/)).toBeNull();
    fireEvent.keyDown(window, { key: 'F2' });
    expect(replica.recorded).toHaveLength(1);
  });

  it("never opens an earlier scan's product once a later scan has come", async () => {
    const { replica, scan } = setup();
    replica.holdFindByCode = true;
    await scan('4006381333931', 1);
    replica.holdFindByCode = false;
    await scan('4006381333948', 2);
    await screen.findByText('Red gadget');
    await act(async () => replica.releaseFindByCode());
    expect(screen.getByText('Red gadget')).toBeTruthy();
    expect(screen.queryByText('Blue widget')).toBeNull();
  });

  it('hides the open card and disarms its keys while the next scan is read', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByRole('heading', { name: 'Blue widget' });
    expect(screen.getAllByRole('button', { name: /F2/ })).toHaveLength(1);
    replica.holdFindByCode = true;
    await scan('4006381333948', 2);
    // Disarmed at once; hidden once the lookup outlasts the scan's own task (kept in the page so
    // the next product only updates it).
    fireEvent.keyDown(window, { key: 'F2' });
    fireEvent.click(screen.getByRole('button', { name: /F2/ }));
    expect(replica.recorded).toHaveLength(0);
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Blue widget' })).toBeNull());
    expect(screen.queryAllByRole('button', { name: /F2/ })).toHaveLength(0);
    replica.holdFindByCode = false;
    await act(async () => replica.releaseFindByCode());
    expect(await screen.findByRole('heading', { name: 'Red gadget' })).toBeTruthy();
  });

  it('says a lookup that failed on the device, closes the previous card and takes the next scan', async () => {
    const { replica, scan } = setup();
    await scan('4006381333931', 1);
    await screen.findByRole('heading', { name: 'Blue widget' });
    const findByCode = replica.findByCode.bind(replica);
    replica.findByCode = () => Promise.reject(new Error('storage closed'));
    await scan('4006381333948', 2);
    expect((await screen.findByRole('alert')).textContent).toBe(
      '4006381333948 could not be read on this device (storage closed). Scan it again.',
    );
    // Nothing stays armed: F2 reaches no product.
    expect(screen.queryByRole('heading', { name: 'Blue widget' })).toBeNull();
    fireEvent.keyDown(window, { key: 'F2' });
    expect(replica.recorded).toHaveLength(0);
    replica.findByCode = findByCode;
    await scan('4006381333948', 3);
    expect(await screen.findByRole('heading', { name: 'Red gadget' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reads a scan as a code only: no half search of names', async () => {
    const { scan } = setup();
    await scan('widget', 1);
    await screen.findByText('Not recognised: widget');
    expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull();
  });
});
