import { createReplica, type Replica } from '@stockline/replica';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { deviceId, type Session } from '../session/session-store';

/**
 * Opens this device's replica for a logged-in user: IndexedDB through Dexie, so everything
 * recorded survives reloads and restarts offline. RxDB's dev-mode checks only in dev builds.
 */
export function openReplica(session: Session): Promise<Replica> {
  return createReplica({
    storage: getRxStorageDexie(),
    serverUrl: session.serverUrl,
    token: session.token,
    user: session.user,
    deviceId: deviceId(),
    // The Vite mode, not DEV: DEV follows NODE_ENV, which a test runner may set during a build.
    devMode: import.meta.env.MODE === 'development',
  });
}
