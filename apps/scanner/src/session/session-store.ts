import type { User } from '@stockline/protocol';

/** What keeps a device logged in across restarts: kept in localStorage, per device. */
export interface Session {
  serverUrl: string;
  token: string;
  user: User;
}

const SESSION_KEY = 'stockline.session';
const DEVICE_KEY = 'stockline.deviceId';
const LAST_LOGIN_KEY = 'stockline.lastLogin';

export function loadSession(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.serverUrl !== 'string' || typeof s.token !== 'string' || !s.user || typeof s.user.id !== 'string') return null;
    return s as Session;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  localStorage.setItem(LAST_LOGIN_KEY, JSON.stringify({ serverUrl: session.serverUrl, username: session.user.username }));
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
}

/** The server and user name of the last login, to prefill the form. */
export function lastLogin(): { serverUrl: string; username: string } | null {
  try {
    const raw = localStorage.getItem(LAST_LOGIN_KEY);
    return raw ? (JSON.parse(raw) as { serverUrl: string; username: string }) : null;
  } catch {
    return null;
  }
}

/** One id per installed app, kept forever: the server returns this device's movements by it. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

const warehouseKey = (userId: string) => `stockline.warehouse.${userId}`;

export function loadWarehouseChoice(userId: string): string | null {
  return localStorage.getItem(warehouseKey(userId));
}

export function saveWarehouseChoice(userId: string, warehouseId: string): void {
  localStorage.setItem(warehouseKey(userId), warehouseId);
}
