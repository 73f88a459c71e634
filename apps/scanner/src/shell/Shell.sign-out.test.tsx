import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { mainStore as main, rememberSession, userOf } from '../test/catalogue';
import { FakeReplica } from '../test/fake-replica';
import { userStorage } from '../storage/app-storage';

const clerk = userOf('clerk');
let replica: FakeReplica;

vi.mock('../replica-hooks/open-replica', () => ({ openReplica: () => Promise.resolve(replica) }));
const { App } = await import('../App');

beforeEach(() => localStorage.clear());
afterEach(cleanup);

describe('signing out of a shared device', () => {
  it('deletes what was pulled for the user and what the device remembers of their syncs, then shows the sign-in', async () => {
    replica = new FakeReplica(clerk, [], [main], []);
    rememberSession(clerk);
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
