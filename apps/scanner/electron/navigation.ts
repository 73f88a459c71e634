/**
 * Where the desktop window may go. `home` is what the window was opened on: the sync server's
 * URL, or the file URL of the bundled index.html when no server is configured. Pure, so it is
 * unit-tested without Electron.
 */
export function isAllowedNavigation(target: string, home: string): boolean {
  const url = parse(target);
  const start = parse(home);
  if (!url || !start) return false;
  // The bundled app is one page: that file (its own #routes and ?queries included), no other
  // file on the disk, and nothing on the network (a link to a site opens the system browser).
  if (start.protocol === 'file:')
    return url.protocol === 'file:' && url.host === start.host && url.pathname === start.pathname;
  // A server: its origin (scheme, host and port) only. A prefix test is not enough:
  // "https://stock.example.com.evil.test" starts with "https://stock.example.com".
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === start.origin;
}

/**
 * A server URL the desktop app may use, without trailing slashes, or null. Only https: the app
 * sends passwords and bearer tokens, and on a warehouse's Wi-Fi a plain-HTTP server hands them
 * to anyone listening. Plain http is accepted for a server on this machine (loopback: the traffic
 * never leaves it), which is how a single-box site or a developer runs it.
 */
export function normalizeServerUrl(text: string | undefined | null): string | null {
  const url = parse(text?.trim() ?? '');
  if (!url || url.username || url.password) return null;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** localhost, 127.0.0.0/8 and ::1, as the URL parser spells them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
