import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { PRODUCT_CSV_COLUMNS, STOCK_CSV_COLUMNS, type Warehouse } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { CsvImport } from './CsvImport';
import type { ImportKind } from './import-preview';

type Kind = Exclude<ImportKind, 'locations'>;

/** Products or a warehouse's opening stock from CSV: what the file holds, then the import itself. */
export function ImportPanel({
  warehouses,
  defaultWarehouseId,
  onImported,
}: {
  warehouses: Warehouse[];
  defaultWarehouseId: string | null;
  onImported?: () => void;
}) {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [kind, setKind] = useState<Kind>('products');
  const [warehouseId, setWarehouseId] = useState(defaultWarehouseId ?? warehouses[0]?.id ?? '');
  const [busy, setBusy] = useState(false);
  const target = kind === 'stock' ? { warehouseId } : {};

  return (
    <div className="office-form" aria-labelledby="import-heading">
      <h3 id="import-heading">{t('office.import.heading')}</h3>
      <div className="form-grid">
        <label>
          {t('office.import.holds')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} disabled={busy}>
            <option value="products">{t('office.import.kindProducts')}</option>
            <option value="stock">{t('office.import.kindStock')}</option>
          </select>
        </label>
        {kind === 'stock' && (
          <label>
            {t('office.import.into')}
            <select value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)} disabled={busy}>
              {warehouses
                .filter((w) => !w.archived)
                .map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.name} ({w.code})
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
      <p className="muted">
        {t('office.import.header')}{' '}
        <code>{(kind === 'products' ? PRODUCT_CSV_COLUMNS : STOCK_CSV_COLUMNS).join(',')}</code>{' '}
        {kind === 'products' ? t('office.import.requiredProducts') : t('office.import.requiredStock')}.{' '}
        {t('office.import.formats')}
      </p>
      <CsvImport
        key={`${kind}:${target.warehouseId ?? ''}`}
        kind={kind}
        send={(csv, options) => api.importCsv(kind, csv, { ...options, ...target })}
        disabled={kind === 'stock' && !warehouseId}
        onBusyChange={setBusy}
        {...(onImported ? { onImported } : {})}
      />
    </div>
  );
}
