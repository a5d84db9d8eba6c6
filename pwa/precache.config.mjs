// What the service worker precaches: the app shell only. Shared by build.mjs and size-report.mjs.
import { fileURLToPath } from 'node:url';

export const DIST = fileURLToPath(new URL('./dist/', import.meta.url));

export const precacheConfig = {
  globDirectory: DIST,
  globPatterns: ['index.html', '**/*.{js,css,webmanifest,json}', 'icons/*.{svg,png}'],
  globIgnores: ['sw.js', '**/*.map'],
  // Hashed file names are their own revision (see entryNames/chunkNames in build.mjs).
  dontCacheBustURLsMatching: /-[A-Z0-9]{8}\.(js|css)$/,
  maximumFileSizeToCacheInBytes: 512 * 1024,
};
