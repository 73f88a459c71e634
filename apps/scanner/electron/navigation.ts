/**
 * Where the desktop window may navigate: only within the sync server's origin (scheme, host and
 * port), or within the bundled files when no server is configured. A prefix test is not enough:
 * "https://stock.example.com.evil.test" starts with "https://stock.example.com".
 * Pure, so it is unit-tested without Electron.
 */
export function isAllowedNavigation(target: string, serverUrl: string | null): boolean {
  const url = parse(target);
  if (!url) return false;
  if (!serverUrl) return url.protocol === 'file:';
  const server = parse(serverUrl);
  return server !== null && url.origin !== 'null' && url.origin === server.origin;
}

/** An http(s) URL without trailing slashes, or null for anything else. */
export function normalizeServerUrl(text: string | undefined | null): string | null {
  const url = parse(text?.trim() ?? '');
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
