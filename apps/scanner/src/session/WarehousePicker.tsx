import { useTranslation } from 'react-i18next';
import type { Warehouse } from '@stockline/protocol';

/** Which warehouse this device works in; the choice is remembered per user. */
export function WarehousePicker({
  warehouses,
  value,
  onChange,
}: {
  warehouses: Warehouse[];
  value: string | null;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (warehouses.length === 0) return <span className="muted">{t('warehousePicker.none')}</span>;
  return (
    <label className="warehouse-picker">
      <span className="sr-only">{t('warehousePicker.label')}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid="warehouse-picker">
        {value === null && <option value="">{t('warehousePicker.choose')}</option>}
        {warehouses.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name} ({w.code})
          </option>
        ))}
      </select>
    </label>
  );
}
