import { desktopBridge } from './bridge';

/**
 * A system notification: Electron's native one on the desktop (through the preload bridge),
 * the web Notification API in a browser. Silently does nothing where neither is allowed; the
 * in-app toast is always shown as well.
 */
export function notifySystem(title: string, body: string): void {
  const bridge = desktopBridge();
  if (bridge) {
    bridge.notify(title, body);
    return;
  }
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    new Notification(title, { body, tag: `${title}:${body}` });
  } catch {
    // Some mobile browsers only allow notifications from a service worker; the toast suffices.
  }
}

/** Asks once for permission; browsers only allow asking from a user gesture (e.g. login). */
export function askNotificationPermission(): void {
  if (desktopBridge() || typeof Notification === 'undefined') return;
  if (Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}
