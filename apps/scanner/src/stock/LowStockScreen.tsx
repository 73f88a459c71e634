import { useTranslation } from 'react-i18next';
import type { StockRow } from '@stockline/protocol';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { useObservable } from '../replica-hooks/use-observable';
import { formatQty } from '../ui/format';
import { unitLabel } from '../ui/units';
import { ThresholdEditor } from './ThresholdEditor';

/** Everything below its threshold in the current warehouse, with the threshold editable in place. */
export function LowStockScreen({ warehouseId }: { warehouseId: string }) {
  const { t } = useTranslation();
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  const rows = useObservable(() => replica.lowStock$(warehouseId), [] as StockRow[], [replica, warehouseId]);
  return (
    <section className="screen" aria-labelledby="low-heading">
      <h2 id="low-heading">
        {t('low.heading', { warehouse: warehouses.get(warehouseId)?.name ?? t('low.thisWarehouse') })}
      </h2>
      {rows.length === 0 ? (
        <p className="empty">
          <span aria-hidden="true">✓</span> {t('low.none')}
        </p>
      ) : (
        <ul className="low-list">
          {rows.map((r) => {
            const p = products.get(r.productId);
            return (
              <li key={r.productId} className="low-row" data-testid="low-row">
                <div>
                  <strong>{p?.name ?? t('common.unknownProduct')}</strong> <span className="muted">{p?.sku}</span>
                  <div className="low-qty">
                    <span className="stock-qty-small">{formatQty(r.qty)}</span>{' '}
                    {[unitLabel(p?.unit, r.qty), t('low.row', { threshold: formatQty(r.threshold) })]
                      .filter(Boolean)
                      .join(' ')}
                  </div>
                </div>
                <ThresholdEditor
                  key={r.productId}
                  warehouseId={warehouseId}
                  productId={r.productId}
                  threshold={r.threshold}
                />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
