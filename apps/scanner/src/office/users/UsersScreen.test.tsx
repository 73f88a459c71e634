import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { User } from '@stockline/protocol';
import { FakeOfficeServer } from '../test/fake-office-server';
import { renderOffice, W1, W2, warehouse } from '../test/render-office';
import { UsersScreen } from './UsersScreen';

afterEach(cleanup);

const ADMIN: User = {
  id: '00000000-0000-4000-8000-00000000000a',
  username: 'admin',
  role: 'admin',
  warehouseIds: [],
  active: true,
};
const ANNA: User = {
  id: '00000000-0000-4000-8000-00000000000b',
  username: 'anna',
  role: 'clerk',
  warehouseIds: [W1],
  active: true,
};

/** A user list the fake server keeps up to date, as the real one would. */
function serverWith(users: User[]) {
  const list = [...users];
  return new FakeOfficeServer()
    .on('GET /users', () => ({ items: list }))
    .on('GET /warehouses', () => ({
      items: [
        warehouse(W1, 'MAIN', 'Main store'),
        warehouse(W2, 'BACK', 'Back store'),
        warehouse('00000000-0000-4000-8000-0000000000ee', 'OLD', 'Old depot', true),
      ],
    }))
    .on('POST /users', (call) => {
      const body = call.body as { username: string; role: User['role']; warehouseIds: string[] };
      const u: User = {
        id: '00000000-0000-4000-8000-00000000000c',
        username: body.username,
        role: body.role,
        warehouseIds: body.warehouseIds,
        active: true,
      };
      list.push(u);
      return { status: 201, body: u };
    })
    .on('PATCH /users/:id', (call) => {
      const i = list.findIndex((u) => call.path.endsWith(u.id));
      list[i] = { ...list[i]!, ...(call.body as Partial<User>) };
      return list[i];
    });
}

describe('UsersScreen', () => {
  it('creates a clerk for the chosen warehouses; archived warehouses are not offered', async () => {
    const server = serverWith([ADMIN]);
    renderOffice(server, <UsersScreen />);
    const form = within(await screen.findByRole('form', { name: 'New user' }));
    expect(form.queryByText('Old depot')).toBeNull();
    fireEvent.change(form.getByLabelText('User name'), { target: { value: 'bob' } });
    fireEvent.change(form.getByLabelText('First password'), { target: { value: 'bob-password-1' } });
    fireEvent.click(form.getByRole('checkbox', { name: /Back store/ }));
    fireEvent.click(form.getByRole('button', { name: 'Create user' }));
    await screen.findByText('✓ User bob created');
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({
      username: 'bob',
      password: 'bob-password-1',
      role: 'clerk',
      warehouseIds: [W2],
    });
    await waitFor(() => expect(screen.getAllByTestId('user-row')).toHaveLength(2));
  });

  it('changes a role and warehouses, resets a password and deactivates, each as its own change', async () => {
    const server = serverWith([ADMIN, ANNA]);
    renderOffice(server, <UsersScreen />);
    const row = () => within(screen.getAllByTestId('user-row').find((r) => r.textContent?.includes('anna'))!);
    await screen.findByText('anna');
    fireEvent.click(row().getByRole('button', { name: 'Change' }));
    fireEvent.change(row().getByLabelText('Role'), { target: { value: 'manager' } });
    fireEvent.click(row().getByRole('checkbox', { name: /Back store/ }));
    fireEvent.click(row().getByRole('button', { name: 'Save access' }));
    await waitFor(() => expect(row().getByText(/manager · Main store, Back store/)).toBeTruthy());

    fireEvent.click(row().getByRole('button', { name: 'Change' }));
    fireEvent.change(row().getByLabelText('New password'), { target: { value: 'fresh-password-2' } });
    fireEvent.click(row().getByRole('button', { name: 'Reset password' }));
    await row().findByText(/password reset/);
    fireEvent.click(row().getByRole('button', { name: 'Deactivate user' }));
    await waitFor(() => expect(row().getByText('Deactivated')).toBeTruthy());

    expect(server.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([
      { role: 'manager', warehouseIds: [W1, W2] },
      { password: 'fresh-password-2' },
      { active: false },
    ]);
  });
});
