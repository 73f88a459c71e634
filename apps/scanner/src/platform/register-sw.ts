/**
 * Registers the service worker that keeps the app shell available offline. Only in production
 * builds served over http(s): the dev server rebuilds on every change, and the desktop app loads
 * its files from disk.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.DEV) return;
  if (!('serviceWorker' in navigator)) return;
  if (location.protocol !== 'https:' && location.protocol !== 'http:') return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err: unknown) => {
      console.warn('Stockline: offline support unavailable', err);
    });
  });
}
