import { useTranslation } from 'react-i18next';
import type { LocalMovement } from '@stockline/replica';
import type { Product, Warehouse } from '@stockline/protocol';
import { MovementRow } from './MovementRow';

export interface OutboxListProps {
  movements: LocalMovement[];
  products: Map<string, Product>;
  warehouses: Map<string, Warehouse>;
  onDismiss: (id: string) => void;
}

/** Rejections first (they need a person), then everything else newest first. */
export function OutboxList({ movements, products, warehouses, onDismiss }: OutboxListProps) {
  const { t } = useTranslation();
  const rejected = movements.filter((m) => m.state === 'rejected' && !m.dismissed);
  const rest = movements.filter((m) => m.state !== 'rejected');
  if (rejected.length === 0 && rest.length === 0) return <p className="empty">{t('outbox.empty')}</p>;
  const row = (m: LocalMovement) => (
    <MovementRow
      key={m.id}
      movement={m}
      product={products.get(m.productId)}
      warehouses={warehouses}
      onDismiss={onDismiss}
    />
  );
  return (
    <>
      {rejected.length > 0 && (
        <section aria-labelledby="rejected-heading" className="outbox-section">
          <h3 id="rejected-heading" className="section-title section-title-danger">
            {t('outbox.needsAttention', { count: rejected.length })}
          </h3>
          <ul className="movements">{rejected.map(row)}</ul>
        </section>
      )}
      {rest.length > 0 && (
        <section aria-labelledby="recent-heading" className="outbox-section">
          <h3 id="recent-heading" className="section-title">
            {t('outbox.recent')}
          </h3>
          <ul className="movements">{rest.map(row)}</ul>
        </section>
      )}
    </>
  );
}
