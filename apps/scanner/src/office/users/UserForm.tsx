import { useState, type FormEvent } from 'react';
import { ROLES, type Role, type User, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ActionMessage, useAction } from '../ui';
import { WarehouseChoice } from './WarehouseChoice';

export const ROLE_LABEL: Record<Role, string> = { clerk: 'Clerk (scans and counts)', manager: 'Manager (desk, products, thresholds)', admin: 'Admin (everything)' };

/** A new user with a first password, a role and, below admin, the warehouses they work in. */
export function UserForm({ warehouses, onCreated }: { warehouses: Warehouse[]; onCreated: (u: User) => void }) {
  const { api } = useOffice();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [warehouseIds, setWarehouseIds] = useState<string[]>([]);
  const [state, run] = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const u = await api.createUser({ username: username.trim(), password, role, warehouseIds: role === 'admin' ? [] : warehouseIds });
      setUsername('');
      setPassword('');
      setWarehouseIds([]);
      onCreated(u);
      return `User ${u.username} created`;
    });
  };
  return (
    <form className="office-form" onSubmit={submit} aria-label="New user">
      <h3>New user</h3>
      <div className="form-grid">
        <label>
          User name
          <input value={username} onChange={(e) => setUsername(e.target.value)} required minLength={3} maxLength={64} autoComplete="off" />
        </label>
        <label>
          First password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} maxLength={200} autoComplete="new-password" />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {role !== 'admin' && <WarehouseChoice warehouses={warehouses} value={warehouseIds} onChange={setWarehouseIds} legend="Works in" />}
      {role !== 'admin' && warehouseIds.length === 0 && <p className="muted">Without a warehouse this user can sign in but not scan anything yet.</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.kind === 'busy'}>
          Create user
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
