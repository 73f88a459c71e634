import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Product, UnknownCodeItem, Warehouse } from '@stockline/protocol';
import { OnlineApiContext } from '../online/online-api-context';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { AT, blueWidget, MAIN_ID, mainStore, WIDGET_ID } from '../test/catalogue';
import { ReviewScreen } from './ReviewScreen';

const MAIN = MAIN_ID;
const WIDGET = WIDGET_ID;
const CLERK = '1f0e2d3c-4b5a-4697-8877-665544332211';
const at = AT;
const products: Product[] = [blueWidget];
const warehouses: Warehouse[] = [mainStore];
const item = (id: string, code: string, extra: Partial<UnknownCodeItem> = {}): UnknownCodeItem => ({
  id,
  code,
  warehouseId: MAIN,
  deviceId: 'handheld-7f3e9a21',
  userId: CLERK,
  username: 'clerk-anna',
  firstSeenAt: at,
  lastSeenAt: at,
  count: 1,
  ...extra,
});

afterEach(cleanup);

function renderReview(items: UnknownCodeItem[]) {
  const replica = new FakeReplica(
    { id: 'm1', username: 'boss', role: 'manager', warehouseIds: [MAIN], active: true },
    products,
    warehouses,
    [],
  );
  replica.unknownCodeItems = items;
  render(
    <ReplicaContext.Provider value={replica}>
      <OnlineApiContext.Provider value={replica}>
        <ReviewScreen warehouseId={null} />
      </OnlineApiContext.Provider>
    </ReplicaContext.Provider>,
  );
  return replica;
}

describe('To review: unknown codes', () => {
  it('says who scanned each code, where and how often, and attaching it to a product takes it off the list', async () => {
    const replica = renderReview([item('u1', '4000000000017', { count: 3 }), item('u2', 'NOPE-2', { deviceId: null })]);
    const rows = await screen.findAllByTestId('unknown-code-row');
    expect(rows.map((r) => r.querySelector('strong')?.textContent)).toEqual(['4000000000017', 'NOPE-2']);
    const who = screen.getAllByTestId('unknown-code-who').map((w) => w.textContent);
    expect(who[0]).toMatch(/^Main store · .+ · by clerk-anna on device handheld…$/);
    expect(who[1]).toMatch(/^Main store · .+ · by clerk-anna$/);
    expect(rows[0]!.textContent).toContain('scanned 3 times');

    fireEvent.click(screen.getByRole('button', { name: 'Create or attach a product for 4000000000017' }));
    fireEvent.change(screen.getByLabelText('Find a product (name or SKU)'), { target: { value: 'blue' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Attach the code to Blue widget' }));
    expect(await screen.findByText(/Done: 4000000000017 now belongs to Blue widget/)).toBeTruthy();
    expect(replica.attached).toEqual([{ productId: WIDGET, barcode: '4000000000017' }]);
    expect(screen.getAllByTestId('unknown-code-row')).toHaveLength(1);
  });

  it('dismisses a code; an empty list says so', async () => {
    const replica = renderReview([item('u2', 'NOPE-2')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Dismiss NOPE-2' }));
    expect(await screen.findByText('No unknown codes.')).toBeTruthy();
    await waitFor(() => expect(replica.unknownCodeItems).toEqual([]));
  });
});
