import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { useOffice } from '../office-context';
import { ActionMessage, LoadState, useAction } from '../ui';
import { useLoader } from '../use-loader';
import { ImportPanel } from './ImportPanel';

/** CSV in (products, opening stock) and out (products, stock per warehouse, the ledger). */
export function ImportExportScreen({ warehouseId }: { warehouseId: string | null }) {
  const { t } = useTranslation();
  const { api, go } = useOffice();
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const [stockOf, setStockOf] = useState(warehouseId ?? '');
  const [state, run] = useAction();
  return (
    <section className="screen" aria-labelledby="import-export-heading">
      <h2 id="import-export-heading">{t('office.heading.import')}</h2>
      <LoadState loaded={warehouses} reload={warehouses.reload}>
        {(list) => (
          <>
            <ImportPanel warehouses={list} defaultWarehouseId={warehouseId} />
            <div className="office-form" aria-labelledby="export-heading">
              <h3 id="export-heading">{t('office.import.exportHeading')}</h3>
              <div className="row">
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={state.kind === 'busy'}
                  onClick={() => void run(async () => t('office.savedFile', { name: await api.exportProducts() }))}
                >
                  {t('office.import.exportProducts')}
                </button>
              </div>
              <div className="inline-form">
                <label className="grow">
                  {t('office.import.stockOf')}
                  <select value={stockOf || list[0]?.id || ''} onChange={(e) => setStockOf(e.target.value)}>
                    {list.map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.name} ({w.code})
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className="btn btn-secondary"
                  disabled={state.kind === 'busy' || list.length === 0}
                  onClick={() =>
                    void run(async () => t('office.savedFile', { name: await api.exportStock(stockOf || list[0]!.id) }))
                  }
                >
                  {t('office.import.exportStock')}
                </button>
              </div>
              <div className="row">
                <button type="button" className="btn btn-secondary" onClick={() => go('history')}>
                  {t('office.import.ledger')}
                </button>
              </div>
              <ActionMessage state={state} />
            </div>
          </>
        )}
      </LoadState>
    </section>
  );
}
