import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { ALERT_STATUSES, type AlertStatus } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ProductName } from '../ProductName';
import { LoadState, TableScroll } from '../ui';
import { formatDateTime } from '../../ui/format';
import { useLoader } from '../use-loader';

const when = (iso: string | null) => (iso ? formatDateTime(iso) : '—');

/** Every low-stock alert, acknowledged and resolved ones too: raised when, acknowledged by whom, resolved when. */
export function AlertHistoryScreen() {
  const { t } = useTranslation();
  const { api } = useOffice();
  const [status, setStatus] = useState<AlertStatus | ''>('');
  const [warehouseId, setWarehouseId] = useState('');
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const alerts = useLoader(
    (signal) => api.alerts({ ...(status ? { status } : {}), ...(warehouseId ? { warehouseId } : {}) }, signal),
    [api, status, warehouseId],
  );
  const name = (id: string) => warehouses.data?.find((w) => w.id === id)?.name ?? '…';
  return (
    <section className="screen" aria-labelledby="alert-history-heading">
      <h2 id="alert-history-heading">{t('office.heading.alert-history')}</h2>
      <div className="filters">
        <label>
          {t('office.alertHistory.status')}
          <select value={status} onChange={(e) => setStatus(e.target.value as AlertStatus | '')}>
            <option value="">{t('office.alertHistory.all')}</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`office.alertHistory.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('office.warehouse')}
          <select value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
            <option value="">{t('office.allWarehouses')}</option>
            {(warehouses.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadState loaded={alerts} reload={alerts.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">{t('office.alertHistory.none')}</p>
          ) : (
            <TableScroll label={t('office.alertHistory.table')}>
              <table className="office-table" aria-label={t('office.alertHistory.table')}>
                <thead>
                  <tr>
                    <th scope="col">{t('office.alertHistory.product')}</th>
                    <th scope="col">{t('office.warehouse')}</th>
                    <th scope="col" className="num">
                      {t('office.alertHistory.leftBelow')}
                    </th>
                    <th scope="col">{t('office.alertHistory.raised')}</th>
                    <th scope="col">{t('office.alertHistory.acknowledged')}</th>
                    <th scope="col">{t('office.alertHistory.resolved')}</th>
                    <th scope="col">{t('office.alertHistory.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id} data-testid="alert-history-row">
                      <td>
                        <ProductName productId={a.productId} />
                      </td>
                      <td>{name(a.warehouseId)}</td>
                      <td className="num">
                        {a.qty} / {a.threshold}
                      </td>
                      <td>{when(a.raisedAt)}</td>
                      <td>
                        {a.acknowledgedAt
                          ? t('office.alertHistory.by', {
                              when: when(a.acknowledgedAt),
                              name: a.acknowledgedByName ?? t('office.unknown'),
                            })
                          : '—'}
                      </td>
                      <td>{when(a.resolvedAt)}</td>
                      <td>{t(`office.alertHistory.state.${a.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </LoadState>
    </section>
  );
}
