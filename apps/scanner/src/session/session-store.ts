import type { User } from '@stockline/protocol';
import { deviceStorage, userStorage } from '../storage/app-storage';

/** What keeps a device logged in across restarts: kept in localStorage, per device. */
export interface Session {
  serverUrl: string;
  token: string;
  user: User;
}

export function loadSession(): Session | null {
  const s = deviceStorage.read('session') as Partial<Session> | undefined;
  if (!s || typeof s.serverUrl !== 'string' || typeof s.token !== 'string' || !s.user || typeof s.user.id !== 'string')
    return null;
  return s as Session;
}

export function saveSession(session: Session): void {
  deviceStorage.write('session', session);
  deviceStorage.write('lastLogin', { serverUrl: session.serverUrl, username: session.user.username });
}

export function clearSession(): void {
  deviceStorage.remove('session');
}

/** The server and user name of the last login, to prefill the form. */
export function lastLogin(): { serverUrl: string; username: string } | null {
  return deviceStorage.read('lastLogin') ?? null;
}

/** One id per installed app, kept forever: the server returns this device's movements by it. */
export function deviceId(): string {
  let id = deviceStorage.read('deviceId');
  if (!id) {
    id = crypto.randomUUID();
    deviceStorage.write('deviceId', id);
  }
  return id;
}

export function loadWarehouseChoice(userId: string): string | null {
  return userStorage(userId).read('warehouse') ?? null;
}

export function saveWarehouseChoice(userId: string, warehouseId: string): void {
  userStorage(userId).write('warehouse', warehouseId);
}
