import type { VitePWAOptions } from 'vite-plugin-pwa';

/**
 * Paths the service worker must never answer: the API and the live socket are data, and data
 * lives in the app's own local database, never in a cache. Matched anywhere in the path, so
 * this holds under any base path.
 */
export const NEVER_CACHED = [/\/api\//, /\/socket\.io\//];

/**
 * The offline app shell, on Workbox through vite-plugin-pwa: every file of the build is
 * precached (a changed file changes the manifest, so a new build replaces the old cache), every
 * page navigation falls back to the cached index.html when the network is down, and nothing
 * else is routed: no runtime caching at all. A new version waits until the user chooses to
 * reload (`registerType: 'prompt'`, see src/platform/register-sw.ts). The web manifest stays
 * the hand-written public/manifest.webmanifest.
 */
export function pwaOptions(): Partial<VitePWAOptions> {
  return {
    strategies: 'generateSW',
    registerType: 'prompt',
    injectRegister: false,
    manifest: false,
    filename: 'sw.js',
    workbox: {
      globPatterns: ['**/*.{js,css,html,webmanifest,json,svg,png,ico,woff,woff2,wasm}'],
      // The barcode decoder is one large chunk; it must be there offline like the rest.
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: NEVER_CACHED,
      cleanupOutdatedCaches: true,
      runtimeCaching: [],
    },
  };
}
