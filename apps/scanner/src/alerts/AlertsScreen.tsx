import { useTranslation } from 'react-i18next';
import type { Alert, Product, Warehouse } from '@stockline/protocol';
import type { Availability } from '@stockline/replica';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { useObservable } from '../replica-hooks/use-observable';
import { formatAgo, formatQty } from '../ui/format';
import { unitLabel } from '../ui/units';
import { useNow } from '../ui/use-now';

/** Open low-stock alerts, listed until a manager acknowledges them. */
export function AlertsScreen({
  onOpenReview,
  toReview = null,
}: {
  onOpenReview?: () => void;
  toReview?: number | null;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const open = useObservable(() => replica.alerts$({ status: 'open' }), [] as Alert[], [replica]);
  return (
    <section className="screen" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t('alerts.heading')}</h2>
      {onOpenReview && (
        <p>
          <button type="button" className="btn btn-secondary" onClick={onOpenReview}>
            {toReview ? t('alerts.toReviewCount', { count: toReview }) : t('alerts.toReview')}
          </button>
        </p>
      )}
      {open.length === 0 ? (
        <p className="empty">
          <span aria-hidden="true">✓</span> {t('alerts.none')}
        </p>
      ) : (
        <ul className="alerts">
          {open.map((a) => (
            <AlertRow
              key={a.id}
              alert={a}
              product={products.get(a.productId)}
              warehouse={warehouses.get(a.warehouseId)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * One alert with the stock there now (this device's view, unsent movements included), not the
 * quantity when it was raised: a restock since then shows at once.
 */
function AlertRow({
  alert: a,
  product,
  warehouse,
}: {
  alert: Alert;
  product: Product | undefined;
  warehouse: Warehouse | undefined;
}) {
  const { t } = useTranslation();
  const replica = useReplica();
  const now = useNow();
  const availability = useObservable(() => replica.availability$(a.productId), null as Availability[] | null, [
    replica,
    a.productId,
  ]);
  const stock = availability?.find((r) => r.warehouseId === a.warehouseId)?.available ?? a.qty;
  const unit = unitLabel(product?.unit, stock);
  return (
    <li className="alert-row" data-testid="alert-row">
      <span className="badge badge-rejected">
        <span aria-hidden="true">▼</span> {t('alerts.low')}
      </span>
      <div className="alert-main">
        <strong>{product?.name ?? t('common.unknownProduct')}</strong>
        <div className="movement-meta">
          {t('alerts.row', {
            warehouse: warehouse?.name ?? t('common.unknownWarehouse'),
            stock: unit ? `${formatQty(stock)} ${unit}` : formatQty(stock),
            threshold: formatQty(a.threshold),
            ago: formatAgo(a.raisedAt, now),
          })}
        </div>
      </div>
      <button type="button" className="btn btn-small btn-primary" onClick={() => void replica.acknowledge(a.id)}>
        {t('alerts.acknowledge')}
      </button>
    </li>
  );
}
