import type { Alert } from '@stockline/protocol';
import { useReplica } from '../replica/replica-context';
import { useLookups } from '../replica/use-lookups';
import { alertText } from './alert-text';

/** Pop-ups in a corner for new low-stock alerts; each can be acknowledged or closed. */
export function AlertToasts({ toasts, onClose }: { toasts: Alert[]; onClose: (id: string) => void }) {
  const replica = useReplica();
  const { products, warehouses } = useLookups();
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="assertive">
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
              <button
                type="button"
                className="btn btn-small btn-primary"
                onClick={() => {
                  void replica.acknowledge(alert.id);
                  onClose(alert.id);
                }}
              >
                Acknowledge
              </button>
              <button type="button" className="btn btn-small btn-secondary" onClick={() => onClose(alert.id)} aria-label="Close this pop-up">
                Close
              </button>
            </div>
          </div>
        );
      })}
    </div>
  );
}
