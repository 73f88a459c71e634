import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Product } from '@stockline/protocol';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { MAIN_ID, mainStore, WIDGET_ID } from '../test/catalogue';
import { A01_ID, backStore, binA01, binB02, binStock, clerk, shoe, SHOE_ID, widget } from '../test/bins-catalogue';
import type { ScanEvent } from '../scan/ScanScreen';
import { CountScreen } from './CountScreen';

/** Kept in no bin of the warehouse: found in A-01, it is in the wrong bin. */
const gadget: Product = {
  ...widget,
  id: 'f7081929-3a4b-4c5d-8e6f-708192a3b4c5',
  sku: 'GAD-1',
  name: 'Red gadget',
  barcode: '4006381333948',
};

function countBinA01() {
  const replica = new FakeReplica(clerk, [widget, shoe, gadget], [mainStore, backStore], binStock);
  replica.locationList = [binA01, binB02];
  const view = (scan: ScanEvent | null) => (
    <ReplicaContext.Provider value={replica}>
      <CountScreen scan={scan} warehouseId={MAIN_ID} bin={binA01} />
    </ReplicaContext.Provider>
  );
  const utils = render(view(null));
  let seq = 0;
  const scan = async (code: string) => {
    await act(async () => utils.rerender(view({ code, seq: ++seq })));
  };
  return { replica, scan };
}

async function apply(count: number) {
  fireEvent.click(screen.getByRole('button', { name: `Review count (${count} items)` }));
  const review = await screen.findByRole('region', { name: 'Review count' });
  const apply = within(review).getByRole('button', { name: `Apply ${count} counts` });
  await waitFor(() => expect(apply).toHaveProperty('disabled', false));
  fireEvent.click(apply);
  return review;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('counting a bin', () => {
  it('lists what the bin should hold without filling in the count, and records the bin’s counts, a wrong-bin product included', async () => {
    const { replica, scan } = countBinA01();
    await screen.findByRole('heading', { name: 'Counting bin A-01' });
    const expected = await screen.findAllByTestId('uncounted-line');
    expect(expected.map((l) => l.textContent)).toEqual([
      expect.stringContaining('Blue widget'),
      expect.stringContaining('Work shoe'),
    ]);
    expect(expected[0]!.textContent).toContain('Expected 3');
    // Blind as to the count: the box is empty, not the expected number.
    expect(within(expected[0]!).getByLabelText<HTMLInputElement>('Counted Blue widget').value).toBe('');
    expect(screen.getByText('Products not counted are left as they are: nothing is recorded for them.')).toBeTruthy();

    await scan(widget.barcode!);
    await scan(widget.barcode!);
    await scan(gadget.barcode!);
    const lines = await screen.findAllByTestId('count-line');
    expect(lines.map((l) => l.textContent)).toEqual([
      expect.stringContaining('Red gadget'),
      expect.stringContaining('Blue widget'),
    ]);
    expect(lines[0]!.textContent).toContain('not expected here');
    expect(lines[1]!.textContent).not.toContain('not expected here');
    // Expected is the bin's: 3 widgets in A-01 (the warehouse holds 12).
    await waitFor(() => expect(lines[1]!.textContent).toContain('Expected 3'));
    expect(screen.getAllByTestId('uncounted-line').map((l) => l.textContent)).toEqual([
      expect.stringContaining('Work shoe'),
    ]);

    await apply(2);
    await waitFor(() => expect(replica.recorded).toHaveLength(2));
    expect(replica.recorded).toEqual([
      { kind: 'count', args: { warehouseId: MAIN_ID, productId: gadget.id, countedQty: 1, locationId: A01_ID } },
      { kind: 'count', args: { warehouseId: MAIN_ID, productId: WIDGET_ID, countedQty: 2, locationId: A01_ID } },
    ]);
  });

  it('records what nobody counted as 0 only when the clerk says the bin holds none of it', async () => {
    const { replica, scan } = countBinA01();
    await scan(widget.barcode!);
    fireEvent.click(await screen.findByLabelText('The bin holds none of it: record the product not counted as 0'));
    expect(screen.getByText('Products not counted will be recorded as 0 in this bin.')).toBeTruthy();
    const review = await apply(2);
    expect(
      within(review)
        .getAllByTestId('review-line')
        .map((l) => l.textContent),
    ).toEqual([expect.stringContaining('Blue widget'), expect.stringContaining('Work shoe')]);
    await waitFor(() => expect(replica.recorded).toHaveLength(2));
    expect(replica.recorded).toEqual([
      { kind: 'count', args: { warehouseId: MAIN_ID, productId: WIDGET_ID, countedQty: 1, locationId: A01_ID } },
      { kind: 'count', args: { warehouseId: MAIN_ID, productId: SHOE_ID, countedQty: 0, locationId: A01_ID } },
    ]);
  });

  it('takes a number typed for an expected line once the clerk leaves the box', async () => {
    const { replica } = countBinA01();
    const [line] = await screen.findAllByTestId('uncounted-line');
    const box = within(line!).getByLabelText('Counted Blue widget');
    fireEvent.change(box, { target: { value: '12' } });
    fireEvent.blur(box);
    const counted = await screen.findByLabelText<HTMLInputElement>('Counted Blue widget');
    await waitFor(() => expect(counted.value).toBe('12'));
    expect(replica.recorded).toEqual([]);
  });

  it('opens the bin’s own sheet when a bin is set, without counting the scan still in hand there again', async () => {
    const replica = new FakeReplica(clerk, [widget, shoe, gadget], [mainStore, backStore], binStock);
    replica.locationList = [binA01, binB02];
    const view = (bin: typeof binA01 | null, scan: ScanEvent | null) => (
      <ReplicaContext.Provider value={replica}>
        <CountScreen key={bin?.id ?? 'warehouse'} scan={scan} warehouseId={MAIN_ID} bin={bin} />
      </ReplicaContext.Provider>
    );
    const utils = render(view(null, null));
    const widgetScan = { code: widget.barcode!, seq: 1 };
    await act(async () => utils.rerender(view(null, widgetScan)));
    await screen.findByTestId('count-line');
    // The bin set from the scan screen: the count screen, kept mounted, opens that bin's sheet.
    await act(async () => utils.rerender(view(binA01, widgetScan)));
    await screen.findByRole('heading', { name: 'Counting bin A-01' });
    await screen.findAllByTestId('uncounted-line');
    expect(screen.queryAllByTestId('count-line')).toEqual([]);
  });
});
