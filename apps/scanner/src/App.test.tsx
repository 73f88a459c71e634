import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { mainStore, userOf } from './test/catalogue';
import { FakeReplica } from './test/fake-replica';

const user = userOf('clerk');
const warehouses = [mainStore];
let replica: FakeReplica;

// The real replica opens IndexedDB and talks to a server; here the app gets an in-memory one.
vi.mock('./replica-hooks/open-replica', () => ({ openReplica: () => Promise.resolve(replica) }));
const { App } = await import('./App');

beforeEach(() => {
  localStorage.clear();
  replica = new FakeReplica(user, [], warehouses, []);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function loginResponse(token: string) {
  return new Response(JSON.stringify({ token, expiresAt: '2026-11-27T08:00:00.000Z', user }), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}

describe('App', () => {
  it('signs in, keeps the session, and opens straight into the app after a restart', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(loginResponse('token-1')));
    vi.stubGlobal('fetch', fetchMock);
    render(<App />);
    fireEvent.change(screen.getByLabelText('Server'), { target: { value: 'http://stock.local:8080/' } });
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'clerk' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pallet-jack-4821' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByTestId('sync-indicator');
    expect(fetchMock).toHaveBeenCalledWith(
      'http://stock.local:8080/api/v1/auth/login',
      expect.objectContaining({ method: 'POST' }),
    );
    expect((await screen.findByTestId('warehouse-picker')).textContent).toContain('Main store');

    cleanup();
    render(<App />);
    await screen.findByTestId('sync-indicator');
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('brings the sign-in back when the server stops accepting the token, and resumes with the new one', async () => {
    localStorage.setItem(
      'stockline.session',
      JSON.stringify({ serverUrl: 'http://stock.local:8080', token: 'old', user }),
    );
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(loginResponse('token-2'))),
    );
    render(<App />);
    await screen.findByTestId('sync-indicator');
    act(() => replica.setStatus({ auth: 'expired' }));
    expect((await screen.findByRole('status')).textContent).toContain('Your sign-in has expired');
    expect(screen.getByLabelText<HTMLInputElement>('User name').value).toBe('clerk');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pallet-jack-4821' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(replica.tokens).toEqual(['token-2']));
    await screen.findByTestId('sync-indicator');
    expect(JSON.parse(localStorage.getItem('stockline.session') ?? '{}').token).toBe('token-2');
  });

  it('says so when the credentials are wrong', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'bad' } }), { status: 401 }),
        ),
      ),
    );
    render(<App />);
    fireEvent.change(screen.getByLabelText('Server'), { target: { value: 'http://stock.local:8080' } });
    fireEvent.change(screen.getByLabelText('User name'), { target: { value: 'clerk' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope-nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong user name or password.');
  });
});
