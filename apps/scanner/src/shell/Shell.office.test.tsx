import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Role, Warehouse } from '@stockline/protocol';
import { mainStore as main, rememberSession, userOf } from '../test/catalogue';
import { FakeReplica } from '../test/fake-replica';
import { FakeOfficeServer } from '../office/test/fake-office-server';

let replica: FakeReplica;

vi.mock('../replica-hooks/open-replica', () => ({ openReplica: () => Promise.resolve(replica) }));
const { App } = await import('../App');

/** Signed in already, as after a restart; the office's requests go to a fake server. */
function start(role: Role, warehouses: Warehouse[], server = new FakeOfficeServer()) {
  replica = new FakeReplica(userOf(role), [], warehouses, []);
  rememberSession(userOf(role));
  vi.stubGlobal('fetch', server.fetch);
  render(<App />);
  return server;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the office in the app shell', () => {
  it('guides an admin with no warehouse through setup instead of telling them to ask an administrator', async () => {
    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [] }))
      .on('GET /products', () => ({ items: [], nextCursor: null }))
      .on('GET /users', () => ({ items: [userOf('admin')] }))
      .on('POST /warehouses', () => ({ status: 201, body: main }));
    start('admin', [], server);
    await screen.findByRole('heading', { name: 'Get started' });
    expect(document.body.textContent).not.toMatch(/ask an administrator/i);
    await waitFor(() => expect(screen.getByTestId('setup-warehouse').className).toContain('setup-current'));

    fireEvent.change(screen.getByLabelText('Warehouse code'), { target: { value: 'MAIN' } });
    fireEvent.change(screen.getByLabelText('Warehouse name'), { target: { value: 'Main store' } });
    server.on('GET /warehouses', () => ({ items: [main] }));
    fireEvent.click(screen.getByRole('button', { name: 'Create warehouse' }));
    await screen.findByText('✓ Warehouse Main store (MAIN) created');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ code: 'MAIN', name: 'Main store' });
    // The guide moves on to products.
    // The step moves once the warehouses are read again, a render after the confirmation.
    await waitFor(() => expect(screen.getByTestId('setup-products').className).toContain('setup-current'));
  });

  it('still tells a manager with no warehouse to ask an administrator', async () => {
    start('manager', []);
    await screen.findByText('You are not assigned to any warehouse yet. Ask an administrator.');
  });

  it('hides the office from clerks; managers get it without the admin screens', async () => {
    start('clerk', [main]);
    const clerkTabs = within(await screen.findByRole('navigation', { name: 'Screens' }));
    expect(clerkTabs.queryByRole('button', { name: 'Office' })).toBeNull();
    cleanup();

    const server = new FakeOfficeServer()
      .on('GET /warehouses', () => ({ items: [main] }))
      .on('GET /stock', () => ({ items: [] }))
      .on('GET /devices', () => ({ items: [] }));
    start('manager', [main], server);
    fireEvent.click(
      within(await screen.findByRole('navigation', { name: 'Screens' })).getByRole('button', { name: 'Office' }),
    );
    // The hash listener subscribes in an effect: a click landing before it shows the office a render later.
    const office = within(await screen.findByRole('navigation', { name: 'Office screens' }));
    expect(office.getAllByRole('button').map((b) => b.textContent)).toEqual([
      "Manager's desk",
      'Products',
      'Locations',
      'Import & export',
      'History',
      'Alert history',
      'To review',
    ]);
    await screen.findByText('✓ Nothing is below its threshold here.');
  });

  it('says plainly that the office needs the network when the server cannot be reached', async () => {
    start('manager', [main], new FakeOfficeServer());
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    replica.setStatus({ online: false });
    fireEvent.click(
      within(await screen.findByRole('navigation', { name: 'Screens' })).getByRole('button', { name: 'Office' }),
    );
    expect((await screen.findByTestId('office-offline')).textContent).toContain('Office screens need the network');
    expect((await screen.findAllByRole('alert'))[0]!.textContent).toContain('No connection to the server');
  });

  it('does not offer an archived warehouse to work in', async () => {
    const old: Warehouse = {
      ...main,
      id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
      code: 'OLD',
      name: 'Old depot',
      archived: true,
    };
    start('admin', [old, main]);
    const picker = await screen.findByTestId('warehouse-picker');
    expect([...picker.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Main store (MAIN)']);
  });
});
