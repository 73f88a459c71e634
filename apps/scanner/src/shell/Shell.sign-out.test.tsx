import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { Warehouse } from '@stockline/protocol';
import { FakeReplica } from '../test/fake-replica';
import { userStorage } from '../storage/app-storage';

const MAIN = '9b2d4e61-7a3c-4f8e-b1d2-5c6e7f809a1b';
const clerk = {
  id: '1f0e2d3c-4b5a-4697-8877-665544332211',
  username: 'clerk',
  role: 'clerk' as const,
  warehouseIds: [MAIN],
  active: true,
};
const main: Warehouse = {
  id: MAIN,
  code: 'MAIN',
  name: 'Main store',
  location: null,
  archived: false,
  updatedAt: '2026-11-26T08:00:00.000Z',
};
let replica: FakeReplica;

vi.mock('../replica-hooks/open-replica', () => ({ openReplica: () => Promise.resolve(replica) }));
const { App } = await import('../App');

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('signing out of a shared device', () => {
  it('deletes what was pulled for the user and what the device remembers of their syncs, then shows the sign-in', async () => {
    replica = new FakeReplica(clerk, [], [main], []);
    localStorage.setItem(
      'stockline.session',
      JSON.stringify({ serverUrl: 'http://stock.local', token: 't', user: clerk }),
    );
    localStorage.setItem(
      `stockline.syncMemory.${clerk.id}`,
      JSON.stringify({ lastSyncedAt: '2026-11-26T08:00:00.000Z', everSynced: true }),
    );
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByLabelText('User name');
    expect(replica.signedOut).toBe(true);
    expect(localStorage.getItem(`stockline.syncMemory.${clerk.id}`)).toBeNull();
    expect(userStorage(clerk.id).read('syncMemory')).toBeUndefined();
    expect(localStorage.getItem('stockline.session')).toBeNull();
  });
});
