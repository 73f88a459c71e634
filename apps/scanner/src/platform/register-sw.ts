/**
 * Registers the service worker that keeps the app shell available offline. Only in production
 * builds served over http(s): the dev server rebuilds on every change, and the desktop app loads
 * its files from disk.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE !== 'production') return;
  if (!('serviceWorker' in navigator)) return;
  if (location.protocol !== 'https:' && location.protocol !== 'http:') return;
  // A page that already had a worker and gets a new one is running an older build.
  const hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (hadController) window.dispatchEvent(new Event(UPDATE_READY_EVENT));
  });
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err: unknown) => {
      console.warn('Stockline: offline support unavailable', err);
    });
  });
}

/** Fired on window when a newer version of the app has been installed. */
export const UPDATE_READY_EVENT = 'stockline:update-ready';
