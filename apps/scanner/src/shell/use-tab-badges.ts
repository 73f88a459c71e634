import type { Alert } from '@stockline/protocol';
import type { Replica, ReplicaStatus } from '@stockline/replica';
import { useObservable } from '../replica-hooks/use-observable';
import type { TabItem } from './TabBar';

/**
 * The counts on the tabs: the outbox's waiting or refused movements, and for managers the open
 * alerts plus what waits on To review (read from the server by the review poll).
 */
export function useTabBadges(
  replica: Replica,
  status: ReplicaStatus,
  isManager: boolean,
  toReview: number | null,
): Record<string, TabItem['badge']> {
  const openAlerts = useObservable(() => (isManager ? replica.alerts$({ status: 'open' }) : null), [] as Alert[], [
    replica,
    isManager,
  ]);
  return {
    '/outbox': status.rejected > 0 ? { n: status.rejected, tone: 'danger' } : { n: status.pending, tone: 'info' },
    '/alerts': { n: openAlerts.length + (toReview ?? 0), tone: 'danger' },
  };
}
