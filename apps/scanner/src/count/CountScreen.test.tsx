import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { Product, User, Warehouse } from '@stockline/protocol';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { FakeReplica } from '../test/fake-replica';
import { CountScreen } from './CountScreen';

const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const at = '2026-11-26T08:00:00.000Z';
const widget: Product = {
  id: 'c4d5e6f7-0818-4a2b-9c3d-4e5f60718293',
  sku: 'WID-1',
  name: 'Blue widget',
  barcode: '4006381333931',
  description: null,
  category: null,
  unit: null,
  packs: [],
  archived: false,
  updatedAt: at,
};
const main: Warehouse = { id: MAIN, code: 'MAIN', name: 'Main store', location: null, archived: false, updatedAt: at };
const userOf = (id: string, username: string): User => ({
  id,
  username,
  role: 'clerk',
  warehouseIds: [MAIN],
  active: true,
});

/** The count screen open, then (if given) a scan arriving while it is. */
async function countAs(
  user: User,
  scan: { code: string; seq: number } | null,
  replica = new FakeReplica(user, [widget], [main], []),
) {
  const view = (event: { code: string; seq: number } | null) => (
    <ReplicaContext.Provider value={replica}>
      <CountScreen scan={event} warehouseId={MAIN} />
    </ReplicaContext.Provider>
  );
  const utils = await act(async () => render(view(null)));
  if (scan) await act(async () => utils.rerender(view(scan)));
  return { ...utils, rescan: (event: { code: string; seq: number }) => act(async () => utils.rerender(view(event))) };
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('CountScreen', () => {
  it('keeps a sheet in progress for the user counting, not for whoever next uses the warehouse on this device', async () => {
    const anna = userOf('a1b2c3d4-0000-4000-8000-000000000001', 'anna');
    await countAs(anna, { code: widget.barcode!, seq: 1 });
    await screen.findByText('Blue widget');
    cleanup();

    await countAs(userOf('a1b2c3d4-0000-4000-8000-000000000002', 'ben'), null);
    expect(screen.queryByText('Blue widget')).toBeNull();
    cleanup();

    await countAs(anna, null);
    expect(await screen.findByText('Blue widget')).toBeTruthy();
  });

  it('counts nothing for a code the device failed to read, says so, and counts the next scan', async () => {
    const anna = userOf('a1b2c3d4-0000-4000-8000-000000000001', 'anna');
    const replica = new FakeReplica(anna, [widget], [main], []);
    const findByCode = replica.findByCode.bind(replica);
    replica.findByCode = () => Promise.reject(new Error('storage closed'));
    const { rescan } = await countAs(anna, { code: widget.barcode!, seq: 1 }, replica);
    expect((await screen.findByRole('alert')).textContent).toBe(
      `${widget.barcode!} could not be read on this device (storage closed). Scan it again.`,
    );
    expect(screen.queryByText('Blue widget')).toBeNull();
    replica.findByCode = findByCode;
    await rescan({ code: widget.barcode!, seq: 2 });
    expect(await screen.findByText('Blue widget')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
