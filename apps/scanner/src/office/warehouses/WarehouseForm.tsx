import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ActionMessage, useAction } from '../ui';

/** A new warehouse: a short code (shown on the floor) and a name. */
export function WarehouseForm({ onCreated }: { onCreated: (w: Warehouse) => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [state, run] = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const w = await api.createWarehouse({ code: code.trim(), name: name.trim() });
      setCode('');
      setName('');
      onCreated(w);
      return t('office.warehouses.created', { name: w.name, code: w.code });
    });
  };
  return (
    <form className="office-form" onSubmit={submit} aria-label={t('office.warehouses.form')}>
      <div className="form-grid">
        <label>
          {t('office.warehouses.code')}
          <input
            value={code}
            onChange={(e) => setCode(e.target.value)}
            required
            maxLength={32}
            pattern="[A-Za-z0-9_\-]+"
            title={t('office.warehouses.codeTitle')}
            placeholder="MAIN"
          />
        </label>
        <label>
          {t('office.warehouses.name')}
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={200}
            placeholder={t('office.warehouses.namePlaceholder')}
          />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.kind === 'busy'}>
          {t('office.warehouses.create')}
        </button>
      </div>
      <ActionMessage state={state} />
    </form>
  );
}
