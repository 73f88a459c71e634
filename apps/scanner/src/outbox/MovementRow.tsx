import type { LocalMovement } from '@stockline/replica';
import type { Product, Warehouse } from '@stockline/protocol';
import { ClockIcon } from '../ui/icons';
import { formatTime as clockTime } from '../ui/format';
import { MOVEMENT_LABEL, reasonText } from './reason-text';
import { quantityText } from './movement-summary';

const STATE_LABEL = { pending: 'Pending', applied: 'Applied', rejected: 'Rejected' } as const;

export interface MovementRowProps {
  movement: LocalMovement;
  product: Product | undefined;
  warehouses: Map<string, Warehouse>;
  onDismiss: (id: string) => void;
}

/** One outbox line: what was recorded, where, and the server's verdict in words. */
export function MovementRow({ movement: m, product, warehouses, onDismiss }: MovementRowProps) {
  const where = warehouses.get(m.warehouseId)?.name ?? 'Unknown warehouse';
  const to = m.type === 'transfer' ? (warehouses.get(m.toWarehouseId)?.name ?? 'Unknown warehouse') : null;
  return (
    <li className={`movement movement-${m.state}`} data-testid="outbox-row" data-state={m.state}>
      <span className={`badge badge-${m.state}`}>
        {m.state === 'pending' ? <ClockIcon /> : <span aria-hidden="true">{m.state === 'applied' ? '✓' : '✕'}</span>} {STATE_LABEL[m.state]}
      </span>
      <div className="movement-main">
        <div className="movement-title">
          <strong>{MOVEMENT_LABEL[m.type]}</strong> <span className="movement-qty">{quantityText(m)}</span>{' '}
          <span className="movement-product">{product?.name ?? 'Unknown product'}</span>
        </div>
        <div className="movement-meta">
          {to ? `${where} → ${to}` : where} · {clockTime(m.recordedAt)}
          {m.state === 'applied' && m.verdict && ` · stock now ${m.verdict.stock.qty}`}
          {m.state === 'rejected' && m.verdict && ` · server stock ${m.verdict.stock.qty}`}
          {m.verdict?.count?.stale && ' · flagged for review'}
        </div>
        {m.state === 'rejected' && (
          <p className="movement-reason" data-testid="rejection-reason">
            {reasonText(m.verdict?.reason, m.type)}
          </p>
        )}
      </div>
      {m.state === 'rejected' && (
        <button type="button" className="btn btn-small btn-secondary" onClick={() => onDismiss(m.id)}>
          Dismiss
        </button>
      )}
    </li>
  );
}
