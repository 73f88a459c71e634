import type { ReplicaStatus } from '@stockline/replica';
import { ago } from '../ui/time';

/**
 * Always on screen: whether the device reaches the server, how many movements wait for a
 * verdict, when it last synced, and the first sync's progress. Colour is never the only signal.
 */
export function SyncIndicator({ status, now }: { status: ReplicaStatus; now: number }) {
  const problem = status.uploadError ?? status.downloadError;
  return (
    <div className={`sync ${status.online ? 'sync-online' : 'sync-offline'}`} role="status" aria-live="polite" data-testid="sync-indicator">
      <span className="sync-state">
        <span aria-hidden="true">{status.online ? '●' : '○'}</span>{' '}
        {status.online ? 'Online' : status.serverRestarting ? 'Offline: server restarting' : 'Offline'}
      </span>
      <span className={`sync-pending ${status.pending > 0 ? 'has-pending' : ''}`} data-testid="sync-pending">
        {status.pending === 0 ? 'All sent' : `${status.pending} pending`}
      </span>
      {status.rejected > 0 && (
        <span className="sync-rejected">
          <span aria-hidden="true">✕</span> {status.rejected} rejected
        </span>
      )}
      <span className="sync-last">Synced {ago(status.lastSyncedAt, now)}</span>
      {problem && status.online === false && problem.code !== 'network' && (
        <span className="sync-problem" title={problem.message}>
          <span aria-hidden="true">⚠</span> {problem.message}
        </span>
      )}
      {!status.initialSyncDone && (
        <span className="sync-progress">
          <span className="sr-only">First sync</span>
          <progress max={1} value={status.initialSyncProgress} aria-label="First sync progress" />
          <span>First sync {Math.round(status.initialSyncProgress * 100)}%</span>
        </span>
      )}
    </div>
  );
}
