import { useTranslation } from 'react-i18next';
import { useState, type FormEvent } from 'react';
import type { Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ActionMessage, LoadState, useAction } from '../ui';
import { useLoader } from '../use-loader';
import { WarehouseForm } from './WarehouseForm';

/** Admins create, rename and archive warehouses; an archived one keeps its history but takes no movements. */
export function WarehousesScreen() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const list = useLoader((signal) => api.warehouses(signal), [api]);
  return (
    <section className="screen" aria-labelledby="warehouses-heading">
      <h2 id="warehouses-heading">{t('office.heading.warehouses')}</h2>
      <WarehouseForm onCreated={list.reload} />
      <LoadState loaded={list} reload={list.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('office.warehouses.none')}</p>
          ) : (
            <ul className="office-list">
              {items.map((w) => (
                <WarehouseRow key={`${w.id}:${w.updatedAt}`} warehouse={w} onChanged={list.reload} />
              ))}
            </ul>
          )
        }
      </LoadState>
    </section>
  );
}

function WarehouseRow({ warehouse, onChanged }: { warehouse: Warehouse; onChanged: () => void }) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [name, setName] = useState(warehouse.name);
  const [state, run] = useAction();
  const rename = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.updateWarehouse(warehouse.id, { name: name.trim() });
      onChanged();
      return t('office.warehouses.renamed', { name: name.trim() });
    });
  };
  const toggleArchive = () =>
    void run(async () => {
      await api.updateWarehouse(warehouse.id, { archived: !warehouse.archived });
      onChanged();
    });
  return (
    <li className={`office-row ${warehouse.archived ? 'office-row-archived' : ''}`} data-testid="warehouse-row">
      <form className="office-row-main inline-form" onSubmit={rename}>
        <span className="code-chip">{warehouse.code}</span>
        <label className="grow">
          <span className="sr-only">{t('office.warehouses.nameOf', { code: warehouse.code })}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </label>
        <button
          type="submit"
          className="btn btn-small btn-secondary"
          disabled={name.trim() === warehouse.name || state.kind === 'busy'}
        >
          {t('office.warehouses.rename')}
        </button>
      </form>
      {warehouse.archived && <span className="badge badge-archived">{t('office.archived')}</span>}
      <button
        type="button"
        className="btn btn-small btn-ghost"
        onClick={toggleArchive}
        disabled={state.kind === 'busy'}
      >
        {warehouse.archived ? t('office.warehouses.restore') : t('office.warehouses.archive')}
      </button>
      <ActionMessage state={state} />
    </li>
  );
}
