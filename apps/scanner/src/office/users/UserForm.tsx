import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role, type User, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ActionMessage, useAction } from '../ui';
import { WarehouseChoice } from './WarehouseChoice';

/** A new user with a first password, a role and, below admin, the warehouses they work in. */
export function UserForm({ warehouses, onCreated }: { warehouses: Warehouse[]; onCreated: (u: User) => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [warehouseIds, setWarehouseIds] = useState<string[]>([]);
  const [state, run] = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const u = await api.createUser({
        username: username.trim(),
        password,
        role,
        warehouseIds: role === 'admin' ? [] : warehouseIds,
      });
      setUsername('');
      setPassword('');
      setWarehouseIds([]);
      onCreated(u);
      return t('office.users.created', { user: u.username });
    });
  };
  return (
    <form className="office-form" onSubmit={submit} aria-label={t('office.users.form')}>
      <h3>{t('office.users.form')}</h3>
      <div className="form-grid">
        <label>
          {t('office.users.username')}
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            minLength={3}
            maxLength={64}
            autoComplete="off"
          />
        </label>
        <label>
          {t('office.users.firstPassword')}
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={8}
            maxLength={200}
            autoComplete="new-password"
          />
        </label>
        <label>
          {t('office.users.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`office.users.roleLong.${r}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {role !== 'admin' && (
        <WarehouseChoice
          warehouses={warehouses}
          value={warehouseIds}
          onChange={setWarehouseIds}
          legend={t('office.users.worksIn')}
        />
      )}
      {role !== 'admin' && warehouseIds.length === 0 && <p className="muted">{t('office.users.noWarehouseHint')}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.kind === 'busy'}>
          {t('office.users.create')}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
