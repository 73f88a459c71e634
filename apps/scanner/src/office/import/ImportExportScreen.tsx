import { useState } from 'react';
import { useOffice } from '../office-context';
import { ActionMessage, LoadState, useAction } from '../ui';
import { useLoader } from '../use-loader';
import { ImportPanel } from './ImportPanel';

/** CSV in (products, opening stock) and out (products, stock per warehouse, the ledger). */
export function ImportExportScreen({ warehouseId }: { warehouseId: string | null }) {
  const { api, go } = useOffice();
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const [stockOf, setStockOf] = useState(warehouseId ?? '');
  const [state, run] = useAction();
  return (
    <section className="screen" aria-labelledby="import-export-heading">
      <h2 id="import-export-heading">Import &amp; export</h2>
      <LoadState loaded={warehouses} reload={warehouses.reload}>
        {(list) => (
          <>
            <ImportPanel warehouses={list} defaultWarehouseId={warehouseId} />
            <div className="office-form" aria-labelledby="export-heading">
              <h3 id="export-heading">Export to CSV</h3>
              <div className="row">
                <button type="button" className="btn btn-secondary" disabled={state.kind === 'busy'} onClick={() => void run(async () => `Saved ${await api.exportProducts()}`)}>
                  Export products
                </button>
              </div>
              <div className="inline-form">
                <label className="grow">
                  Stock of
                  <select value={stockOf || list[0]?.id || ''} onChange={(e) => setStockOf(e.target.value)}>
                    {list.map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.name} ({w.code})
                      </option>
                    ))}
                  </select>
                </label>
                <button type="button" className="btn btn-secondary" disabled={state.kind === 'busy' || list.length === 0} onClick={() => void run(async () => `Saved ${await api.exportStock(stockOf || list[0]!.id)}`)}>
                  Export stock
                </button>
              </div>
              <div className="row">
                <button type="button" className="btn btn-secondary" onClick={() => go('history')}>
                  Ledger: filter and export in History
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
