import { registerSW } from 'virtual:pwa-register';
import { onUpdateReady } from './app-update';

/**
 * Registers the Workbox service worker that keeps the app shell available offline (built by
 * vite-plugin-pwa, see build/pwa.ts). Only in production builds served over http(s): the dev
 * server rebuilds on every change, and the desktop app loads its files from disk.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE !== 'production') return;
  if (!('serviceWorker' in navigator)) return;
  if (location.protocol !== 'https:' && location.protocol !== 'http:') return;
  const update = registerSW({
    // A new version was installed and waits: the update banner offers the reload.
    onNeedRefresh: () => onUpdateReady(() => update(true)),
    onRegisterError: (error: unknown) => console.warn('Stockline: offline support unavailable', error),
  });
}
