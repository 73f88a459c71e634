import { useState } from 'react';
import { ALERT_STATUSES, type AlertStatus } from '@stockline/protocol';
import { useOffice } from '../office-context';
import { ProductName } from '../ProductName';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
const STATUS_LABEL: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

/** Every low-stock alert, acknowledged and resolved ones too: raised when, acknowledged by whom, resolved when. */
export function AlertHistoryScreen() {
  const { api } = useOffice();
  const [status, setStatus] = useState<AlertStatus | ''>('');
  const [warehouseId, setWarehouseId] = useState('');
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const alerts = useLoader((signal) => api.alerts({ ...(status ? { status } : {}), ...(warehouseId ? { warehouseId } : {}) }, signal), [api, status, warehouseId]);
  const name = (id: string) => warehouses.data?.find((w) => w.id === id)?.name ?? '…';
  return (
    <section className="screen" aria-labelledby="alert-history-heading">
      <h2 id="alert-history-heading">Alert history</h2>
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as AlertStatus | '')}>
            <option value="">All</option>
            {ALERT_STATUSES.map((s) => (
              <option key={s} value={s}>{STATUS_LABEL[s]}</option>
            ))}
          </select>
        </label>
        <label>
          Warehouse
          <select value={warehouseId} onChange={(e) => setWarehouseId(e.target.value)}>
            <option value="">All warehouses</option>
            {(warehouses.data ?? []).map((w) => (
              <option key={w.id} value={w.id}>{w.name}</option>
            ))}
          </select>
        </label>
      </div>
      <LoadState loaded={alerts} reload={alerts.reload}>
        {(items) =>
          items.length === 0 ? (
            <p className="empty">No alerts.</p>
          ) : (
            <div className="table-scroll">
              <table className="office-table" aria-label="Alerts">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col">Warehouse</th>
                    <th scope="col" className="num">Left / below</th>
                    <th scope="col">Raised</th>
                    <th scope="col">Acknowledged</th>
                    <th scope="col">Resolved</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((a) => (
                    <tr key={a.id} data-testid="alert-history-row">
                      <td><ProductName productId={a.productId} /></td>
                      <td>{name(a.warehouseId)}</td>
                      <td className="num">{a.qty} / {a.threshold}</td>
                      <td>{when(a.raisedAt)}</td>
                      <td>{a.acknowledgedAt ? `${when(a.acknowledgedAt)} by ${a.acknowledgedByName ?? 'unknown'}` : '—'}</td>
                      <td>{when(a.resolvedAt)}</td>
                      <td>{STATUS_LABEL[a.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
    </section>
  );
}
