import { useTranslation } from 'react-i18next';
import type { Alert } from '@stockline/protocol';
import { useReplica } from '../replica-hooks/replica-context';
import { useLookups } from '../replica-hooks/use-lookups';
import { alertText } from './alert-text';

/**
 * Pop-ups just under the tabs, over the screen's content, for new low-stock alerts; each can be acknowledged or
 * closed, and several at once acknowledged together.
 */
export function AlertToasts({ toasts, onClose }: { toasts: Alert[]; onClose: (id: string) => void }) {
  const { t } = useTranslation();
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  if (toasts.length === 0) return null;
  const acknowledge = (alert: Alert) => {
    void replica.acknowledge(alert.id);
    onClose(alert.id);
  };
  return (
    <div className="toasts-anchor">
      <aside className="toasts" aria-label={t('alerts.popupsLabel')} aria-live="assertive">
        {toasts.length > 1 && (
          <button
            type="button"
            className="btn btn-small btn-primary toasts-all"
            onClick={() => toasts.forEach(acknowledge)}
          >
            {t('alerts.acknowledgeAll', { count: toasts.length })}
          </button>
        )}
        {toasts.map((alert) => {
          const { title, body } = alertText(alert, products.get(alert.productId), warehouses.get(alert.warehouseId));
          return (
            <div key={alert.id} className="toast" role="alert" data-testid="alert-toast">
              <div className="toast-icon" aria-hidden="true">
                ⚠
              </div>
              <div className="toast-text">
                <strong>{title}</strong>
                <p>{body}</p>
              </div>
              <div className="toast-buttons">
                <button type="button" className="btn btn-small btn-primary" onClick={() => acknowledge(alert)}>
                  {t('alerts.acknowledge')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-secondary"
                  onClick={() => onClose(alert.id)}
                  aria-label={t('alerts.closePopup')}
                >
                  {t('common.close')}
                </button>
              </div>
            </div>
          );
        })}
      </aside>
    </div>
  );
}
