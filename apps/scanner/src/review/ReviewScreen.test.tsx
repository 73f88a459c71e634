import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Product, ReviewItem, Warehouse } from '@stockline/protocol';
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
const refused: ReviewItem = {
  kind: 'refused',
  username: 'clerk-anna',
  movement: {
    id: 'a1b2c3d4-0000-4000-8000-000000000001',
    type: 'purchase',
    warehouseId: MAIN,
    productId: WIDGET,
    quantity: 50,
    occurredAt: at,
    deviceId: 'handheld-7f3e9a21',
    userId: CLERK,
    recordedAt: at,
    verdict: {
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      status: 'rejected',
      reason: 'insufficient_stock',
      stock: { qty: 8, version: 3 },
    },
  },
};

afterEach(cleanup);

describe('ReviewScreen', () => {
  it('names the clerk and device, says what Accept does, and reports the decision at once', async () => {
    const replica = new FakeReplica(
      { id: 'm1', username: 'boss', role: 'manager', warehouseIds: [MAIN], active: true },
      products,
      warehouses,
      [],
    );
    replica.reviewItems = [refused];
    const onDecided = vi.fn();
    render(
      <ReplicaContext.Provider value={replica}>
        <OnlineApiContext.Provider value={replica}>
          <ReviewScreen warehouseId={null} onDecided={onDecided} />
        </OnlineApiContext.Provider>
      </ReplicaContext.Provider>,
    );
    const row = await screen.findByTestId('review-row');
    expect(screen.getByTestId('review-who').textContent).toBe('by clerk-anna on device handheld…');
    const accept = screen.getByRole('button', { name: 'Accept: stock stays as the server has it' });
    expect(accept.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(accept.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /Nothing is recorded/,
    );
    expect(row.textContent).toContain('server stock 8');
    fireEvent.click(accept);
    expect(await screen.findByText(/Accepted: Blue widget/)).toBeTruthy();
    expect(onDecided).toHaveBeenCalledTimes(1);
  });
});
