import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Location } from '@stockline/protocol';
import { OnlineApiContext } from '../online/online-api-context';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { MAIN_ID, mainStore, WIDGET_ID } from '../test/catalogue';
import { A01_ID, backStore, binA01, binB02, binStock, clerk, shoe, widget } from '../test/bins-catalogue';
import { ScanScreen, type ScanEvent } from './ScanScreen';

/** The scan screen at a current bin (or none); bins scanned are reported to `binsScanned`. */
function setup(bin: Location | null) {
  const replica = new FakeReplica(clerk, [widget, shoe], [mainStore, backStore], binStock);
  replica.locationList = [binA01, binB02];
  const binsScanned: Location[] = [];
  const view = (scan: ScanEvent | null) => (
    <ReplicaContext.Provider value={replica}>
      <OnlineApiContext.Provider value={replica}>
        <ScanScreen
          scan={scan}
          warehouseId={MAIN_ID}
          canEditThreshold={false}
          active
          myWarehouses={[mainStore, backStore]}
          online
          bin={bin}
          onBin={(l) => binsScanned.push(l)}
        />
      </OnlineApiContext.Provider>
    </ReplicaContext.Provider>
  );
  const utils = render(view(null));
  const scan = async (code: string, seq: number) => {
    await act(async () => utils.rerender(view({ code, seq })));
  };
  return { replica, scan, binsScanned };
}

afterEach(cleanup);

describe('the product card at a bin', () => {
  it('shows the quantity in the current bin and in the warehouse, and the bins that hold it', async () => {
    const { scan } = setup(binA01);
    await scan(widget.barcode!, 1);
    await screen.findByText('Blue widget');
    expect(screen.getByTestId('stock-in-bin').textContent).toBe('In bin A-01: 3 · 12 in the warehouse');
    expect(screen.getByTestId('stock-bins').textContent).toBe('Bins: A-01 3 · B-02 9');
  });

  it('says a product in no bin yet is in none, without a current bin', async () => {
    const { scan } = setup(null);
    await scan(shoe.barcode!, 1);
    await screen.findByText('Work shoe');
    expect(screen.queryByTestId('stock-in-bin')).toBeNull();
    expect(screen.getByTestId('stock-bins').textContent).toBe('Bins: A-01 5');
    expect(screen.getByTestId('stock-here').textContent).toContain('29');
  });

  it('records movements and counts from the card in the current bin', async () => {
    const { replica, scan } = setup(binA01);
    await scan(widget.barcode!, 1);
    await screen.findByText('Blue widget');
    fireEvent.keyDown(window, { key: 'F4' });
    await waitFor(() => expect(replica.recorded).toHaveLength(1));
    expect(replica.recorded[0]).toEqual({
      kind: 'restock',
      args: { warehouseId: MAIN_ID, productId: WIDGET_ID, quantity: 1, locationId: A01_ID },
    });
    // The movement is queued before its note is drawn: wait for the note, not only the queue.
    await waitFor(() =>
      expect(screen.getByTestId('feedback').textContent).toContain('Restock of 1 × Blue widget · bin A-01'),
    );
    fireEvent.keyDown(window, { key: 'F7' });
    // The count expects what is in the bin, not in the warehouse.
    expect((await screen.findByText(/this device expects 3/)).textContent).toBeTruthy();
  });

  it('hands a scanned bin to the shell instead of looking for a product', async () => {
    const { scan, binsScanned } = setup(null);
    await scan('LOC-B02', 1);
    await waitFor(() => expect(binsScanned.map((l) => l.code)).toEqual(['B-02']));
    expect(screen.queryByText(/Not recognised/)).toBeNull();
  });

  it('says so in the bin’s terms when more is to leave the bin than the device sees there', async () => {
    const { replica, scan } = setup(binA01);
    for (let seq = 1; seq <= 5; seq++) await scan(widget.barcode!, seq);
    await waitFor(() => expect(screen.getByTestId<HTMLInputElement>('quantity').value).toBe('5'));
    fireEvent.keyDown(window, { key: 'F2' });
    // Measured against the bin's 3, not the warehouse's 12; no "record anyway" that cannot be.
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Not recorded: bin A-01 holds only 3 here. Count the bin, or take the rest from another bin.',
    );
    expect(replica.recorded).toEqual([]);
  });
});
