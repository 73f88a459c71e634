import { useState } from 'react';
import { suggestedReorderQty } from '@stockline/domain';
import { useOffice } from '../office-context';
import { ProductName } from '../ProductName';
import { LoadState } from '../ui';
import { useLoader } from '../use-loader';
import { DeviceList } from './DeviceList';
import { StockNumberEditor } from './StockNumberEditor';

/**
 * What needs a manager's decision: what to reorder (with a suggested quantity, editable beside
 * the threshold) and which devices have gone quiet or hold a queue.
 */
export function DeskScreen({ warehouseId }: { warehouseId: string | null }) {
  const { api, go } = useOffice();
  const warehouses = useLoader((signal) => api.warehouses(signal), [api]);
  const [chosen, setChosen] = useState(warehouseId ?? '');
  const list = warehouses.data ?? [];
  const current = chosen || list[0]?.id || '';
  const low = useLoader((signal) => (current ? api.lowStock(current, signal) : Promise.resolve([])), [api, current]);

  return (
    <section className="screen" aria-labelledby="desk-heading">
      <div className="screen-head">
        <h2 id="desk-heading">Manager's desk</h2>
        <label className="inline-label">
          Warehouse
          <select value={current} onChange={(e) => setChosen(e.target.value)}>
            {list.map((w) => (
              <option key={w.id} value={w.id}>{w.name}</option>
            ))}
          </select>
        </label>
      </div>
      <h3>Low stock and what to order</h3>
      <LoadState loaded={low} reload={low.reload}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">✓ Nothing is below its threshold here.</p>
          ) : (
            <div className="table-scroll">
              <table className="office-table" aria-label="Low stock">
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col" className="num">In stock</th>
                    <th scope="col">Alert below</th>
                    <th scope="col">Reorder quantity</th>
                    <th scope="col" className="num">Suggested order</th>
                    <th scope="col"><span className="sr-only">History</span></th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={`${r.productId}:${r.threshold}:${r.reorderQty}`} data-testid="desk-low-row">
                      <td><ProductName productId={r.productId} /></td>
                      <td className="num low-qty">{r.qty}</td>
                      <td>
                        <StockNumberEditor label="Alert below" value={r.threshold} save={(n) => api.setThreshold(current, r.productId, n).then(low.reload)} />
                      </td>
                      <td>
                        <StockNumberEditor label="Reorder quantity" value={r.reorderQty} hint={r.reorderQty === 0 ? 'not set' : undefined} save={(n) => api.setReorderQty(current, r.productId, n).then(low.reload)} />
                      </td>
                      <td className="num"><strong data-testid="suggested">{suggestedReorderQty(r)}</strong></td>
                      <td>
                        <button type="button" className="btn btn-small btn-ghost" onClick={() => go('history', { productId: r.productId, warehouseId: current })}>
                          History
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadState>
      <p className="muted">Suggested order: the row's reorder quantity when set, otherwise enough to reach twice the threshold.</p>
      <DeviceList />
    </section>
  );
}
