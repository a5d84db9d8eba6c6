// Satchel service worker (service-worker context: no DOM).
// Precaches the app shell (manifest injected by workbox-build at build time),
// answers the app's navigations from the precached index.html, and never
// touches /api/ or non-GET requests: those always go to the network.
import { cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache } from 'workbox-precaching';
import { processQueue, SYNC_TAG } from '../wallet/importer.js';

/** @type {ServiceWorkerGlobalScope} */
const sw = /** @type {any} */ (self);

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Pages that are the app itself (hash routes live inside "/").
const APP_PATHS = new Set(['/', '/index.html']);

sw.addEventListener('activate', (event) => {
  // Take control of the page that installed us, so it works offline at once.
  event.waitUntil(sw.clients.claim());
});

sw.addEventListener('message', (event) => {
  // The page asks for this only when the learner chose "Update available — reload".
  if (event.data && event.data.type === 'SKIP_WAITING') sw.skipWaiting();
});

// Background sync: imports queued offline are verified as soon as the network returns,
// even with the app closed; open pages are told to reload their lists.
sw.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    processQueue().then(async (outcomes) => {
      for (const client of await sw.clients.matchAll({ type: 'window' })) {
        client.postMessage({ type: 'queue-processed', count: outcomes.length });
      }
    }),
  );
});

async function fromPrecache(url, request) {
  const cached = await matchPrecache(url);
  return cached || fetch(request);
}

async function navigate(request, url) {
  if (APP_PATHS.has(url.pathname)) return fromPrecache('/index.html', request);
  // Other pages (e.g. server-rendered share and verify pages) come from the network;
  // offline, fall back to the app shell rather than the browser's error page.
  try {
    return await fetch(request);
  } catch (err) {
    const shell = await matchPrecache('/index.html');
    if (shell) return shell;
    throw err;
  }
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url));
    return;
  }
  // Precached assets from the cache; anything else is left to the network.
  if (getCacheKeyForURL(url.pathname)) {
    event.respondWith(matchPrecache(url.pathname).then((cached) => cached || fetch(request)));
  }
});
