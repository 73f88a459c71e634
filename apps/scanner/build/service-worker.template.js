/*
 * Stockline service worker: keeps the app shell on the device so the scanner opens with no
 * network at all. The build fills in VERSION and PRECACHE (every file of that build).
 * Data never goes through here: /api/ and /socket.io/ requests are left to the network, and
 * the app keeps its data in its own local database.
 */
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const CACHE = `stockline-shell-${VERSION}`;
const SCOPE = new URL('./', self.location.href);
const INDEX = new URL('./index.html', SCOPE).href;
const PRECACHED = new Set(PRECACHE.map((path) => new URL(path, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(new URL(path, SCOPE), { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('stockline-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function isLiveData(url) {
  const path = url.pathname;
  const scoped = url.href.startsWith(SCOPE.href) ? '/' + url.href.slice(SCOPE.href.length) : path;
  return [path, scoped].some((p) => p.startsWith('/api/') || p.startsWith('/socket.io/'));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || isLiveData(url)) return;

  if (request.mode === 'navigate') {
    // Fresh page when the server answers; the cached shell when it does not.
    event.respondWith(
      fetch(request).catch(() => caches.open(CACHE).then((cache) => cache.match(INDEX)).then((hit) => hit || Response.error())),
    );
    return;
  }
  url.search = '';
  if (!PRECACHED.has(url.href)) return;
  // Built files carry a content hash in their name: the cached copy is always right.
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(url.href).then((hit) => hit || fetch(request))));
});
