import { useTranslation } from 'react-i18next';
import type { Availability } from '@stockline/replica';
import { formatQty } from '../ui/format';
import { ClockIcon } from '../ui/icons';

/** "+2 pending" next to a quantity that includes movements the server has not answered yet. */
export function PendingMark({ row }: { row: Availability }) {
  const { t } = useTranslation();
  if (!row.pending) return null;
  if (row.pendingDelta === 0) {
    // Unsent movements that cancel out (say, a restock and a transfer): still not confirmed.
    return (
      <span className="pending-mark" title={t('product.pendingTitle')}>
        <ClockIcon /> {t('product.pending')}
      </span>
    );
  }
  const sign = row.pendingDelta > 0 ? '+' : '−';
  return (
    <span className="pending-mark" title={t('product.pendingServer', { qty: formatQty(row.serverQty) })}>
      <ClockIcon /> {t('product.pendingDelta', { delta: `${sign}${formatQty(Math.abs(row.pendingDelta))}` })}
    </span>
  );
}
