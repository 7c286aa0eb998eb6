// 守望 Shouwang service worker.
//
// Precaches the hashed build (the list is written after `trunk build` into
// precache-manifest.js), serves the app shell with no network after the first visit, never
// touches API calls, and waits for the app to say when to switch to a new version, so an open
// form is never reloaded under the worker's hands.
importScripts('./precache-manifest.js');

const PREFIX = 'shouwang-';
const CACHE = PREFIX + self.PRECACHE.version;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(self.PRECACHE.files)),
  );
  // No skipWaiting() here: the page shows "update ready" and the user chooses when.
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith(PREFIX) && k !== CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'apply-update') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // API calls, other origins and non-GET requests always go to the network, uncached.
  if (
    request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/api/')
  ) {
    return;
  }
  // Any navigation (deep links included) gets the cached shell: the app routes itself.
  if (request.mode === 'navigate') {
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match('./index.html'))
        .then((hit) => hit || fetch(request)),
    );
    return;
  }
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request))
      .then((hit) => hit || fetch(request)),
  );
});
