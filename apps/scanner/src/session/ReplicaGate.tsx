import { useTranslation } from 'react-i18next';
import { useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import type { Replica, ReplicaStatus } from '@stockline/replica';
import { openReplica } from '../replica-hooks/open-replica';
import { ReplicaContext } from '../replica-hooks/replica-context';
import { useObservable } from '../replica-hooks/use-observable';
import type { Session } from './session-store';

export interface ReplicaGateProps {
  session: Session;
  /** Rendered once the local database is open, with its live status. */
  children: (replica: Replica, status: ReplicaStatus) => ReactNode;
  onFailed: (message: string) => void;
}

/**
 * Closing a replica is asynchronous; the next open of the same database waits for it, so a
 * quick sign-out/sign-in (or React's double effects in development) never opens it twice.
 */
let previousClose: Promise<unknown> = Promise.resolve();

const PRUNE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** Opens the device's replica for the session (works offline) and closes it on sign-out. */
export function ReplicaGate({ session, children, onFailed }: ReplicaGateProps) {
  const [replica, setReplica] = useState<Replica | null>(null);

  // Opened with the session of the moment; a new token for the same user is handed over with
  // setToken, not by reopening, so only the user and the server reopen it.
  const open = useEffectEvent(() => openReplica(session));
  const failed = useEffectEvent((message: string) => onFailed(message));
  useEffect(() => {
    let closed = false;
    const opening = previousClose.then(() => open());
    opening
      .then((r) => {
        if (closed) return;
        setReplica(r);
        // Answered movements older than a month only fill the outbox; they stay on the server.
        void r.pruneAnswered(new Date(Date.now() - PRUNE_AFTER_MS)).catch(() => undefined);
      })
      .catch((err: unknown) => {
        if (!closed) failed(err instanceof Error ? err.message : String(err));
      });
    return () => {
      closed = true;
      setReplica(null);
      previousClose = opening.then((r) => r.close()).catch(() => undefined);
    };
  }, [session.user.id, session.serverUrl]);

  const { t } = useTranslation();
  const status = useObservable(() => replica?.status$ ?? null, null as ReplicaStatus | null, [replica]);
  if (!replica || !status) {
    return (
      <main className="loading" role="status">
        <p>{t('session.opening')}</p>
      </main>
    );
  }
  return <ReplicaContext.Provider value={replica}>{children(replica, status)}</ReplicaContext.Provider>;
}
