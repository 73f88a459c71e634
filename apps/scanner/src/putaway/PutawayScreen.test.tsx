import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { MAIN_ID, mainStore, WIDGET_ID } from '../test/catalogue';
import { B02_ID, backStore, binA01, binB02, binStock, clerk, shoe, SHOE_ID, widget } from '../test/bins-catalogue';
import type { ScanEvent } from '../scan/ScanScreen';
import { PutawayScreen } from './PutawayScreen';

function setup() {
  const replica = new FakeReplica(clerk, [widget, shoe], [mainStore, backStore], binStock);
  replica.locationList = [binA01, binB02];
  const view = (scan: ScanEvent | null) => (
    <ReplicaContext.Provider value={replica}>
      <PutawayScreen scan={scan} warehouseId={MAIN_ID} online={false} />
    </ReplicaContext.Provider>
  );
  const utils = render(view(null));
  let seq = 0;
  const scan = async (code: string) => {
    await act(async () => utils.rerender(view({ code, seq: ++seq })));
  };
  return { replica, scan };
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('putaway', () => {
  it('puts the scanned goods into the bin scanned last: one transfer per line, into that bin of this warehouse', async () => {
    const { replica, scan } = setup();
    await scan(widget.barcode!);
    await scan(widget.barcode!);
    // A case of shoes counts its twelve pairs; the number can be corrected by hand.
    await scan(shoe.packs[0]!.barcode);
    fireEvent.change(await screen.findByLabelText('Quantity of Blue widget'), { target: { value: '5' } });
    expect(screen.getByLabelText<HTMLInputElement>('Quantity of Work shoe').value).toBe('12');
    expect(screen.getByText('Now scan the bin these go to.')).toBeTruthy();
    expect(replica.recorded).toEqual([]);

    await scan('LOC-B02');
    await waitFor(() => expect(replica.recorded).toHaveLength(2));
    expect(replica.recorded).toEqual([
      {
        kind: 'transfer',
        args: { warehouseId: MAIN_ID, productId: SHOE_ID, quantity: 12, toWarehouseId: MAIN_ID, toLocationId: B02_ID },
      },
      {
        kind: 'transfer',
        args: { warehouseId: MAIN_ID, productId: WIDGET_ID, quantity: 5, toWarehouseId: MAIN_ID, toLocationId: B02_ID },
      },
    ]);
    // Followed like any movement: saved here while offline, then the server's answer.
    const region = await screen.findByRole('region', { name: 'Put away into B-02' });
    expect(region.textContent).toContain('Putaway of 12 × Work shoe to bin B-02');
    expect(region.textContent).toContain('saved on this device');
    act(() => replica.answer('m-1', { id: 'm-1', status: 'applied', stock: { qty: 29, version: 2 } }));
    await waitFor(() => expect(screen.getAllByTestId('feedback')[0]!.dataset.state).toBe('applied'));
    expect(screen.queryAllByTestId('putaway-line')).toEqual([]);
  });

  it('asks for products first when a bin is scanned with nothing to put away, and says which codes it does not know', async () => {
    const { replica, scan } = setup();
    await scan('LOC-A01');
    expect((await screen.findByRole('alert')).textContent).toBe('Scan the products first, then bin A-01.');
    await scan('NOPE-1');
    expect((await screen.findByRole('alert')).textContent).toBe('Not recognised: NOPE-1');
    expect(replica.recorded).toEqual([]);
  });

  it('says a code the device failed to read, adds nothing for it, and takes the next scan', async () => {
    const { replica, scan } = setup();
    const findByCode = replica.findByCode.bind(replica);
    replica.findByCode = () => Promise.reject(new Error('storage closed'));
    await scan(widget.barcode!);
    expect((await screen.findByRole('alert')).textContent).toBe(
      `${widget.barcode!} could not be read on this device (storage closed). Scan it again.`,
    );
    expect(screen.queryAllByTestId('putaway-line')).toEqual([]);
    replica.findByCode = findByCode;
    await scan(widget.barcode!);
    expect(await screen.findByLabelText<HTMLInputElement>('Quantity of Blue widget')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the goods scanned but not put away yet across a restart', async () => {
    const first = setup();
    await first.scan(shoe.packs[0]!.barcode);
    await screen.findByLabelText('Quantity of Work shoe');
    cleanup();
    const { replica, scan } = setup();
    expect(screen.getByLabelText<HTMLInputElement>('Quantity of Work shoe').value).toBe('12');
    await scan('LOC-A01');
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    cleanup();
    setup();
    expect(screen.queryAllByTestId('putaway-line')).toEqual([]);
  });
});
