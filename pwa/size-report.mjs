// Compressed transfer sizes of the built PWA, against the budgets in BRIEF.md.
//   first visit: index.html + what it loads (JS and its static imports, CSS,
//                manifest, icons referenced by the page and the manifest) + sw.js
//   precache:    every file the service worker precaches, + sw.js itself
// Usage: node pwa/size-report.mjs   (after npm run build; exits 1 when over budget)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { getManifest } from 'workbox-build';
import { DIST, precacheConfig } from './precache.config.mjs';

const BUDGET = { firstVisit: 100 * 1024, precache: 250 * 1024 };
const TARGET_FIRST_VISIT = 30 * 1024;

if (!existsSync(join(DIST, 'index.html'))) {
  console.error('pwa/dist is missing: run `npm run build` first');
  process.exit(2);
}

const read = (url) => readFileSync(join(DIST, url.replace(/^\//, '').split(/[?#]/)[0]));
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const local = (u) => u && !/^(?:[a-z]+:)?\/\//i.test(u) && !u.startsWith('data:');

// Static (not dynamic) ES module imports of a built JS file, as absolute URLs.
function staticImports(url) {
  const js = read(url).toString();
  const base = new URL(url, 'https://x/');
  const found = [];
  for (const m of js.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g)) {
    found.push(new URL(m[1], base).pathname);
  }
  return found;
}

function firstVisitFiles() {
  const html = read('/index.html').toString();
  const files = new Set(['/index.html']);
  const queue = [];
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)) {
    if (local(m[1])) queue.push(new URL(m[1], 'https://x/').pathname);
  }
  while (queue.length) {
    const url = queue.shift();
    if (files.has(url)) continue;
    files.add(url);
    if (url.endsWith('.js')) queue.push(...staticImports(url));
    if (url.endsWith('.webmanifest')) {
      for (const icon of JSON.parse(read(url)).icons || []) queue.push(new URL(icon.src, 'https://x/').pathname);
    }
  }
  files.add('/sw.js'); // registered on first load
  return [...files];
}

function table(title, urls) {
  let totalGz = 0;
  let totalBr = 0;
  let totalRaw = 0;
  console.log(`\n${title}`);
  console.log('  gzip    brotli  raw      file');
  for (const url of urls.sort()) {
    const buf = read(url);
    const [g, b] = [gz(buf), br(buf)];
    totalGz += g;
    totalBr += b;
    totalRaw += buf.length;
    console.log(`  ${String(g).padEnd(7)} ${String(b).padEnd(7)} ${String(buf.length).padEnd(8)} ${url}`);
  }
  console.log(`  ${String(totalGz).padEnd(7)} ${String(totalBr).padEnd(7)} ${String(totalRaw).padEnd(8)} TOTAL`);
  return totalGz;
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const firstFiles = firstVisitFiles();
const first = table('First visit (compressed bytes)', firstFiles);
const renderPath = firstFiles.filter((u) => /\.(html|js|css)$/.test(u) && u !== '/sw.js');
const critical = renderPath.reduce((n, u) => n + gz(read(u)), 0);
const { manifestEntries } = await getManifest(precacheConfig);
const precached = table('Precache + sw.js (compressed bytes)', [...manifestEntries.map((e) => '/' + e.url), '/sw.js']);

console.log(`\nfirst visit: ${kib(first)} gzip (budget ${kib(BUDGET.firstVisit)}, target ${kib(TARGET_FIRST_VISIT)})`);
console.log(`  of which needed to render (HTML, JS, CSS): ${kib(critical)} gzip`);
console.log(`precache:    ${kib(precached)} gzip (budget ${kib(BUDGET.precache)})`);
let over = false;
if (first > BUDGET.firstVisit) {
  console.error('OVER BUDGET: first visit');
  over = true;
}
if (precached > BUDGET.precache) {
  console.error('OVER BUDGET: precache');
  over = true;
}
if (!over && first > TARGET_FIRST_VISIT) console.warn('note: first visit is above the 30 KiB target');
process.exit(over ? 1 : 0);
