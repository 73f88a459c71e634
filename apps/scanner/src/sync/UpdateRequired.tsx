import { useTranslation } from 'react-i18next';
import type { ReplicaStatus } from '@stockline/replica';

/**
 * The server cannot serve this app's protocol version: syncing has stopped. Nothing recorded on
 * the device is dropped; scanning goes on, and the queue is sent once the app is updated. A
 * reload fetches the server's current app when it is served from there.
 */
export function UpdateRequired({ status }: { status: ReplicaStatus }) {
  const { t } = useTranslation();
  if (!status.updateRequired) return null;
  const queued = status.pending === 0 ? t('update.nothingWaiting') : t('update.kept', { count: status.pending });
  return (
    <div className="update-banner update-required" role="alert">
      <span>
        <strong>{t('update.required')}</strong> {t('update.requiredText')} {queued}
      </span>
      <button type="button" className="btn btn-small btn-primary" onClick={() => location.reload()}>
        {t('update.reload')}
      </button>
    </div>
  );
}
