import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { StockRow } from '@stockline/protocol';
import { OnlineApiContext } from '../online/online-api-context';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { ThresholdEditor } from './ThresholdEditor';

afterEach(cleanup);

describe('ThresholdEditor', () => {
  it('keeps saying "Saved" when the new threshold comes back through the replica', async () => {
    const replica = new FakeReplica(
      { id: 'u1', username: 'boss', role: 'manager', warehouseIds: ['w'], active: true },
      [],
      [],
      [],
    );
    Object.assign(replica, {
      setThreshold: (warehouseId: string, productId: string, threshold: number) =>
        Promise.resolve({
          warehouseId,
          productId,
          threshold,
          qty: 0,
          reorderQty: 0,
          version: 1,
          updatedAt: null,
        } satisfies StockRow),
    });
    const view = (threshold: number) => (
      <ReplicaContext.Provider value={replica}>
        <OnlineApiContext.Provider value={replica}>
          <ThresholdEditor key="w:p" warehouseId="w" productId="p" threshold={threshold} />
        </OnlineApiContext.Provider>
      </ReplicaContext.Provider>
    );
    const { rerender } = render(view(5));
    fireEvent.change(screen.getByLabelText(/Low-stock alert below/), { target: { value: '8' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('status')).textContent).toContain('Saved');
    // The pulled row now carries the new threshold: the editor shows it and the confirmation stays.
    await act(async () => rerender(view(8)));
    expect(screen.getByRole('status').textContent).toContain('Saved');
    expect(screen.getByLabelText<HTMLInputElement>(/Low-stock alert below/).value).toBe('8');
  });
});
