import type { Alert } from '@stockline/protocol';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { useObservable } from '../replica/use-observable';
import { formatAgo as ago } from '../ui/format';
import { useNow } from '../ui/use-now';

/** Open low-stock alerts, listed until a manager acknowledges them. */
export function AlertsScreen({ onOpenReview, toReview = null }: { onOpenReview?: () => void; toReview?: number | null }) {
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const now = useNow();
  const open = useObservable(() => replica.alerts$({ status: 'open' }), [] as Alert[], [replica]);
  return (
    <section className="screen" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Low-stock alerts</h2>
      {onOpenReview && (
        <p>
          <button type="button" className="btn btn-secondary" onClick={onOpenReview}>
            To review{toReview ? ` (${toReview})` : ''}: refused movements and counts →
          </button>
        </p>
      )}
      {open.length === 0 ? (
        <p className="empty">
          <span aria-hidden="true">✓</span> No open alerts.
        </p>
      ) : (
        <ul className="alerts">
          {open.map((a) => (
            <li key={a.id} className="alert-row" data-testid="alert-row">
              <span className="badge badge-rejected">
                <span aria-hidden="true">▼</span> Low
              </span>
              <div className="alert-main">
                <strong>{products.get(a.productId)?.name ?? 'Unknown product'}</strong>
                <div className="movement-meta">
                  {warehouses.get(a.warehouseId)?.name ?? 'Unknown warehouse'} · {a.qty} left, alert below {a.threshold} · raised {ago(a.raisedAt, now)}
                </div>
              </div>
              <button type="button" className="btn btn-small btn-primary" onClick={() => void replica.acknowledge(a.id)}>
                Acknowledge
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
