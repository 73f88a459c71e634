import { desktopBridge } from '../platform/bridge';

/**
 * Where to log in by default: in a browser, the server that served this page; on the desktop,
 * the URL the app was configured with. Empty when neither is known (the clerk types it).
 */
export function defaultServerUrl(): string {
  const configured = desktopBridge()?.serverUrl;
  if (configured) return configured;
  if (typeof location !== 'undefined' && (location.protocol === 'http:' || location.protocol === 'https:'))
    return location.origin;
  return '';
}

/** Trims a typed URL and drops a trailing slash so paths can be appended. */
export function normalizeServerUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}
