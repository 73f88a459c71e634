/**
 * The Content-Security-Policy of the bundled app (loaded from file://, with no server to send
 * one). Scripts, styles and images only from the app's own files (and the camera preview's
 * data:/blob: frames); the app talks to its sync server over https/wss (or plain http/ws on
 * this machine, as normalizeServerUrl allows); no plugins, frames, forms or <base>. Served from
 * a server, the page gets the server's own policy instead (apps/server/src/http/security-headers.ts).
 */
export const BUNDLED_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  'connect-src https: wss: http://localhost:* ws://localhost:* http://127.0.0.1:* ws://127.0.0.1:* http://[::1]:* ws://[::1]:*',
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The response headers for a load: the bundled page gets BUNDLED_APP_CSP; anything else is left
 * as it came. Pure, so it is unit-tested without Electron.
 */
export function withBundledPolicy(url: string, headers: Record<string, string[]>): Record<string, string[]> {
  if (!url.startsWith('file:')) return headers;
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
  );
  return { ...kept, 'Content-Security-Policy': [BUNDLED_APP_CSP] };
}
