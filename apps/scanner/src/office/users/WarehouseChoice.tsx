import { useTranslation } from 'react-i18next';
import type { Warehouse } from '@stockline/protocol';

/** Which warehouses a user works in, as checkboxes; admins work everywhere and need none. */
export function WarehouseChoice({
  warehouses,
  value,
  onChange,
  legend,
}: {
  warehouses: Warehouse[];
  value: string[];
  onChange: (ids: string[]) => void;
  legend: string;
}) {
  const { t } = useTranslation();
  const live = warehouses.filter((w) => !w.archived || value.includes(w.id));
  return (
    <fieldset className="checks">
      <legend>{legend}</legend>
      {live.length === 0 && <span className="muted">{t('office.users.noWarehouses')}</span>}
      {live.map((w) => (
        <label key={w.id} className="check">
          <input
            type="checkbox"
            checked={value.includes(w.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, w.id] : value.filter((id) => id !== w.id))}
          />
          {w.name} <span className="muted">({w.code})</span>
        </label>
      ))}
    </fieldset>
  );
}
