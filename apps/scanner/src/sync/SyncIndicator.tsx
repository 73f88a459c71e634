import { useTranslation } from 'react-i18next';
import type { ReplicaStatus } from '@stockline/replica';
import { formatWhen } from '../ui/format';
import type { SyncMemory } from './sync-memory';

/**
 * Always on screen, and true after an offline reload too: whether the device reaches the server,
 * when it last synced, how many movements wait for a verdict, and the first sync's progress.
 * Colour is never the only signal. E.g. "Offline · last synced 14:32 · 3 waiting".
 */
export function SyncIndicator({ status, now, memory }: { status: ReplicaStatus; now: number; memory?: SyncMemory }) {
  const { t } = useTranslation();
  const problem = status.uploadError ?? status.downloadError;
  const lastSyncedAt = status.lastSyncedAt ?? memory?.lastSyncedAt ?? null;
  const firstSync = !status.initialSyncDone && !memory?.everSynced;
  return (
    <div
      className={`sync ${status.online ? 'sync-online' : 'sync-offline'}`}
      role="status"
      aria-live="polite"
      data-testid="sync-indicator"
    >
      <span className="sync-state">
        <span aria-hidden="true">{status.online ? '●' : '○'}</span>{' '}
        {status.online ? t('sync.online') : status.serverRestarting ? t('sync.offlineRestarting') : t('sync.offline')}
      </span>{' '}
      <span className="sync-last">
        ·{' '}
        {lastSyncedAt ? (
          <>
            {/* On a handheld only the time shows; the words stay for screen readers. */}
            <span className="sync-last-label">{t('sync.lastSyncedLabel')}</span> {formatWhen(lastSyncedAt, now)}
          </>
        ) : (
          t('sync.neverSynced')
        )}
      </span>{' '}
      <span className={`sync-pending ${status.pending > 0 ? 'has-pending' : ''}`} data-testid="sync-pending">
        · {status.pending === 0 ? t('sync.allSent') : t('sync.waiting', { count: status.pending })}
      </span>
      {status.rejected > 0 && (
        <span className="sync-rejected">
          <span aria-hidden="true">✕</span> {t('sync.refused', { count: status.rejected })}
        </span>
      )}
      {/* An app too old for the server gets the update banner instead of the raw 426. */}
      {problem && status.online === false && problem.code !== 'network' && !status.updateRequired && (
        <span className="sync-problem" title={problem.message}>
          <span aria-hidden="true">⚠</span> {problem.message}
        </span>
      )}
      {firstSync && (
        <span className="sync-progress">
          <span className="sr-only">{t('sync.firstSync')}</span>
          <progress max={1} value={status.initialSyncProgress} aria-label={t('sync.firstSyncProgress')} />
          <span>{t('sync.firstSyncPercent', { percent: Math.round(status.initialSyncProgress * 100) })}</span>
        </span>
      )}
    </div>
  );
}
