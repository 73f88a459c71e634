import { useEffect, useState } from 'react';
import type { ReplicaStatus } from '@stockline/replica';

/**
 * What the sync bar must still know after a reload while offline: when this user's replica on
 * this device last synced, and that its first sync finished (the data is in IndexedDB; only the
 * in-memory status starts empty). Kept per user in localStorage.
 */
export interface SyncMemory {
  lastSyncedAt: string | null;
  everSynced: boolean;
}

const key = (userId: string) => `stockline.syncMemory.${userId}`;

function load(userId: string): SyncMemory {
  try {
    const raw = JSON.parse(localStorage.getItem(key(userId)) ?? 'null') as Partial<SyncMemory> | null;
    return { lastSyncedAt: typeof raw?.lastSyncedAt === 'string' ? raw.lastSyncedAt : null, everSynced: raw?.everSynced === true };
  } catch {
    return { lastSyncedAt: null, everSynced: false };
  }
}

/** The first sync of this user's replica finished on this device at some point (its catalogue is here). */
export function hasEverSynced(userId: string): boolean {
  return load(userId).everSynced;
}

/** Signing out deletes the user's pulled data, so what the device remembers of its syncs goes too. */
export function forgetSyncMemory(userId: string): void {
  localStorage.removeItem(key(userId));
}

export function useSyncMemory(userId: string, status: ReplicaStatus): SyncMemory {
  const [memory, setMemory] = useState(() => load(userId));
  useEffect(() => {
    const next = {
      lastSyncedAt: status.lastSyncedAt ?? memory.lastSyncedAt,
      everSynced: memory.everSynced || status.initialSyncDone,
    };
    if (next.lastSyncedAt === memory.lastSyncedAt && next.everSynced === memory.everSynced) return;
    localStorage.setItem(key(userId), JSON.stringify(next));
    setMemory(next);
  }, [userId, status.lastSyncedAt, status.initialSyncDone, memory]);
  return memory;
}
