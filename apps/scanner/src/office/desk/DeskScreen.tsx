import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { suggestedReorderQty } from '@stockline/domain';
import { useOffice } from '../office-context';
import { ProductName } from '../ProductName';
import { LoadState, TableScroll } from '../ui';
import { useLoader } from '../use-loader';
import { DeviceList } from './DeviceList';
import { StockNumberEditor } from './StockNumberEditor';

/**
 * What needs a manager's decision: what to reorder (with a suggested quantity, editable beside
 * the threshold) and which devices have gone quiet or hold a queue.
 */
export function DeskScreen({ warehouseId }: { warehouseId: string | null }) {
  const { t } = useTranslation();
  const { api, go } = useOffice();
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const [chosen, setChosen] = useState(warehouseId ?? '');
  const list = warehouses.data ?? [];
  const current = chosen || list[0]?.id || '';
  const low = useLoader((signal) => (current ? api.lowStock(current, signal) : Promise.resolve([])), [api, current]);

  return (
    <section className="screen" aria-labelledby="desk-heading">
      <div className="screen-head">
        <h2 id="desk-heading">{t('office.heading.desk')}</h2>
        <label className="inline-label">
          {t('office.warehouse')}
          <select value={current} onChange={(e) => setChosen(e.target.value)}>
            {list.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3>{t('office.desk.lowHeading')}</h3>
      <LoadState loaded={low} reload={low.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">{t('office.desk.none')}</p>
          ) : (
            <TableScroll label={t('office.desk.table')}>
              <table className="office-table" aria-label={t('office.desk.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('office.desk.product')}</th>
                    <th scope="col" className="num">
                      {t('office.desk.inStock')}
                    </th>
                    <th scope="col">{t('office.desk.alertBelow')}</th>
                    <th scope="col">{t('office.desk.reorderQty')}</th>
                    <th scope="col" className="num">
                      {t('office.desk.suggested')}
                    </th>
                    <th scope="col">
                      <span className="sr-only">{t('office.history')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.productId}:${r.threshold}:${r.reorderQty}`} data-testid="desk-low-row">
                      <td>
                        <ProductName productId={r.productId} />
                      </td>
                      <td className="num low-qty">{r.qty}</td>
                      <td>
                        <StockNumberEditor
                          label={t('office.desk.alertBelow')}
                          value={r.threshold}
                          save={(n) => api.setThreshold(current, r.productId, n).then(low.reload)}
                        />
                      </td>
                      <td>
                        <StockNumberEditor
                          label={t('office.desk.reorderQty')}
                          value={r.reorderQty}
                          hint={r.reorderQty === 0 ? t('office.desk.notSet') : undefined}
                          save={(n) => api.setReorderQty(current, r.productId, n).then(low.reload)}
                        />
                      </td>
                      <td className="num">
                        <strong data-testid="suggested">{suggestedReorderQty(r)}</strong>
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-small btn-ghost"
                          onClick={() => go('history', { productId: r.productId, warehouseId: current })}
                        >
                          {t('office.history')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </LoadState>
      <p className="muted">{t('office.desk.suggestedHint')}</p>
      <DeviceList />
    </section>
  );
}
