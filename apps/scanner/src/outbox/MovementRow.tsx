import { useTranslation } from 'react-i18next';
import type { LocalMovement } from '@stockline/replica';
import type { Product, Warehouse } from '@stockline/protocol';
import { ClockIcon } from '../ui/icons';
import { formatQty, formatTime } from '../ui/format';
import { MOVEMENT_LABEL, reasonText } from './reason-text';
import { quantityText } from './movement-summary';

export interface MovementRowProps {
  movement: LocalMovement;
  product: Product | undefined;
  warehouses: Map<string, Warehouse>;
  onDismiss: (id: string) => void;
}

/** One outbox line: what was recorded, where, and the server's verdict in words. */
export function MovementRow({ movement: m, product, warehouses, onDismiss }: MovementRowProps) {
  const { t } = useTranslation();
  const where = warehouses.get(m.warehouseId)?.name ?? t('common.unknownWarehouse');
  const to = m.type === 'transfer' ? (warehouses.get(m.toWarehouseId)?.name ?? t('common.unknownWarehouse')) : null;
  return (
    <li className={`movement movement-${m.state}`} data-testid="outbox-row" data-state={m.state}>
      <span className={`badge badge-${m.state}`}>
        {m.state === 'pending' ? <ClockIcon /> : <span aria-hidden="true">{m.state === 'applied' ? '✓' : '✕'}</span>}{' '}
        {t(`movement.state.${m.state}`)}
      </span>
      <div className="movement-main">
        <div className="movement-title">
          <strong>{MOVEMENT_LABEL[m.type]}</strong> <span className="movement-qty">{quantityText(m)}</span>{' '}
          <span className="movement-product">{product?.name ?? t('common.unknownProduct')}</span>
        </div>
        <div className="movement-meta">
          {to ? `${where} → ${to}` : where} · {formatTime(m.recordedAt)}
          {m.state === 'applied' && m.verdict && ` · ${t('outbox.stockNow', { qty: formatQty(m.verdict.stock.qty) })}`}
          {m.state === 'rejected' &&
            m.verdict &&
            ` · ${t('outbox.serverStock', { qty: formatQty(m.verdict.stock.qty) })}`}
          {m.verdict?.count?.stale && ` · ${t('outbox.flagged')}`}
        </div>
        {m.state === 'rejected' && (
          <p className="movement-reason" data-testid="rejection-reason">
            {reasonText(m.verdict?.reason, m.type)}
          </p>
        )}
      </div>
      {m.state === 'rejected' && (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => onDismiss(m.id)}>
          {t('outbox.dismiss')}
        </button>
      )}
    </li>
  );
}
