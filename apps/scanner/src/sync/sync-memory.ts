import { useEffect, useState } from 'react';
import type { ReplicaStatus } from '@stockline/replica';
import { userStorage } from '../storage/app-storage';

/**
 * What the sync bar must still know after a reload while offline: when this user's replica on
 * this device last synced, and that its first sync finished (the data is in IndexedDB; only the
 * in-memory status starts empty). Kept per user in localStorage.
 */
export interface SyncMemory {
  lastSyncedAt: string | null;
  everSynced: boolean;
}

function load(userId: string): SyncMemory {
  const raw = userStorage(userId).read('syncMemory');
  return {
    lastSyncedAt: typeof raw?.lastSyncedAt === 'string' ? raw.lastSyncedAt : null,
    everSynced: raw?.everSynced === true,
  };
}

/** The first sync of this user's replica finished on this device at some point (its catalogue is here). */
export function hasEverSynced(userId: string): boolean {
  return load(userId).everSynced;
}

/** Signing out deletes the user's pulled data, so what the device remembers of its syncs goes too. */
export function forgetSyncMemory(userId: string): void {
  userStorage(userId).remove('syncMemory');
}

export function useSyncMemory(userId: string, status: ReplicaStatus): SyncMemory {
  const [memory, setMemory] = useState(() => load(userId));
  useEffect(() => {
    const next = {
      lastSyncedAt: status.lastSyncedAt ?? memory.lastSyncedAt,
      everSynced: memory.everSynced || status.initialSyncDone,
    };
    if (next.lastSyncedAt === memory.lastSyncedAt && next.everSynced === memory.everSynced) return;
    userStorage(userId).write('syncMemory', next);
    setMemory(next);
  }, [userId, status.lastSyncedAt, status.initialSyncDone, memory]);
  return memory;
}
