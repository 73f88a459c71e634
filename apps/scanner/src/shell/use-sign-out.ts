import type { Replica } from '@stockline/replica';
import { i18n } from '../i18n/i18n';
import { forgetSyncMemory } from '../sync/sync-memory';
import { navigateTo } from './use-hash-location';

/** Unsent movements stay on the device across a sign-out, but the clerk should know. */
function confirmSignOut(pending: number): boolean {
  if (pending === 0) return true;
  return window.confirm(i18n.t('shell.confirmSignOut', { count: pending }));
}

/**
 * A shared handheld forgets the last user: what was pulled for them is deleted from the device,
 * only their unsent movements stay (in their own database, read again at their next sign-in).
 * The next person starts on their own first screen, not on the last user's.
 */
export function useSignOut(replica: Replica, pending: number, onLogout: () => void): () => Promise<void> {
  return async () => {
    if (!confirmSignOut(pending)) return;
    forgetSyncMemory(replica.user.id);
    navigateTo('/', { replace: true });
    await replica
      .signOut()
      .catch((err: unknown) =>
        console.warn(
          `sign-out: the data on this device could not be deleted: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    onLogout();
  };
}
