import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role, type User, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ActionMessage, LoadState, useAction } from '../ui';
import { useLoader } from '../use-loader';
import { UserForm } from './UserForm';
import { WarehouseChoice } from './WarehouseChoice';

/** Admins create users, change their role and warehouses, reset passwords and deactivate them. */
export function UsersScreen() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const data = useLoader(
    async (signal) => {
      const [users, warehouses] = await Promise.all([api.users(signal), api.warehouses(signal)]);
      return { users, warehouses };
    },
    [api],
  );
  return (
    <section className="screen" aria-labelledby="users-heading">
      <h2 id="users-heading">{t('office.heading.users')}</h2>
      <LoadState loaded={data} reload={data.reload}>
        {({ users, warehouses }) => (
          <>
            <UserForm warehouses={warehouses} onCreated={data.reload} />
            <ul className="office-list" aria-label={t('office.users.list')}>
              {users.map((u) => (
                <UserRow
                  key={`${u.id}:${u.role}:${u.active}:${u.warehouseIds.join()}`}
                  user={u}
                  warehouses={warehouses}
                  onChanged={data.reload}
                />
              ))}
            </ul>
          </>
        )}
      </LoadState>
    </section>
  );
}

function UserRow({ user, warehouses, onChanged }: { user: User; warehouses: Warehouse[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [warehouseIds, setWarehouseIds] = useState(user.warehouseIds);
  const [password, setPassword] = useState('');
  const [state, run] = useAction();
  const names =
    user.role === 'admin'
      ? t('office.users.allWarehouses')
      : user.warehouseIds.map((id) => warehouses.find((w) => w.id === id)?.name ?? t('office.unknown')).join(', ') ||
        t('office.users.noWarehouse');

  const saveAccess = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.updateUser(user.id, { role, warehouseIds: role === 'admin' ? [] : warehouseIds });
      onChanged();
      return t('office.users.accessSaved', { user: user.username });
    });
  };
  const resetPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.updateUser(user.id, { password });
      setPassword('');
      return t('office.users.passwordReset', { user: user.username });
    });
  };
  const setActive = (active: boolean) =>
    void run(async () => {
      await api.updateUser(user.id, { active });
      onChanged();
    });

  return (
    <li className={`office-row office-row-block ${user.active ? '' : 'office-row-archived'}`} data-testid="user-row">
      <div className="office-row-head">
        <div className="grow">
          <strong>{user.username}</strong>{' '}
          <span className="muted">
            · {t(`shell.role.${user.role}`)} · {names}
          </span>
        </div>
        {!user.active && <span className="badge badge-archived">{t('office.users.deactivated')}</span>}
        <button
          type="button"
          className="btn btn-small btn-secondary"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          {open ? t('common.close') : t('office.users.change')}
        </button>
      </div>
      {open && (
        <div className="user-edit">
          <form
            onSubmit={saveAccess}
            className="office-form"
            aria-label={t('office.users.accessOf', { user: user.username })}
          >
            <label>
              {t('office.users.role')}
              <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`shell.role.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {role !== 'admin' && (
              <WarehouseChoice
                warehouses={warehouses}
                value={warehouseIds}
                onChange={setWarehouseIds}
                legend={t('office.users.worksIn')}
              />
            )}
            <div className="row">
              <button type="submit" className="btn btn-small btn-primary" disabled={state.kind === 'busy'}>
                {t('office.users.saveAccess')}
              </button>
            </div>
          </form>
          <form
            onSubmit={resetPassword}
            className="office-form inline-form"
            aria-label={t('office.users.newPasswordFor', { user: user.username })}
          >
            <label className="grow">
              {t('office.users.newPassword')}
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                minLength={8}
                maxLength={200}
                required
                autoComplete="new-password"
              />
            </label>
            <button type="submit" className="btn btn-small btn-secondary" disabled={state.kind === 'busy'}>
              {t('office.users.resetPassword')}
            </button>
          </form>
          <div className="row">
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={() => setActive(!user.active)}
              disabled={state.kind === 'busy'}
            >
              {user.active ? t('office.users.deactivate') : t('office.users.reactivate')}
            </button>
          </div>
        </div>
      )}
      <ActionMessage state={state} />
    </li>
  );
}
