// Build the PWA into pwa/dist: esbuild for the page and the service worker,
// then workbox-build injects the precache manifest into dist/sw.js.
// Usage (from the repository root): npm run build
import { existsSync, readdirSync, readFileSync, writeFileSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { injectManifest } from 'workbox-build';
import { DIST, precacheConfig } from './precache.config.mjs';

const PWA = fileURLToPath(new URL('.', import.meta.url));
const at = (...p) => join(PWA, ...p);

// Every catalogue in src/i18n is a language; the default one (en) is bundled,
// the others become lazily loaded chunks.
const languages = readdirSync(at('src/i18n'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(at('src/i18n', f), 'utf8')))
  .map(({ lang, name, dir }) => ({ code: lang, name, dir: dir || 'ltr' }))
  .sort((a, b) => (a.code === 'en' ? -1 : b.code === 'en' ? 1 : a.code.localeCompare(b.code)));

// Check reasons come from wallet_core (their one source: wallet_core/i18n/<lang>.json)
// and join each catalogue under "reason.<code>" as it is loaded, so English stays
// bundled and the other languages stay lazy chunks.
const REASONS = join(PWA, '..', 'wallet_core', 'i18n');
const withReasons = {
  name: 'satchel-reasons',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]i18n[\\/][^\\/]+\.json$/ }, (args) => {
      const catalogue = JSON.parse(readFileSync(args.path, 'utf8'));
      const file = join(REASONS, `${catalogue.lang}.json`);
      if (!existsSync(file)) return { contents: JSON.stringify(catalogue), loader: 'json' };
      for (const [code, text] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
        catalogue[`reason.${code}`] = text;
      }
      return { contents: JSON.stringify(catalogue), loader: 'json', watchFiles: [file] };
    });
  },
};

const production = { 'process.env.NODE_ENV': '"production"' };
const common = { bundle: true, minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

// 1. The page: app JS (+ split language chunks) and the stylesheet, with hashed names.
const page = await esbuild.build({
  ...common,
  entryPoints: { app: at('src/app/main.jsx'), styles: at('styles.css') },
  outdir: DIST,
  format: 'esm',
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  charset: 'utf8',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  external: ['/icons/*'],
  define: { ...production, __SATCHEL_LANGS__: JSON.stringify(languages) },
  plugins: [withReasons],
  metafile: true,
});

const outputFor = (entry) => {
  const [file] = Object.entries(page.metafile.outputs).find(([, o]) => o.entryPoint && o.entryPoint.endsWith(entry));
  return '/' + relative(DIST, file);
};

// 2. index.html pointing at the hashed files.
const html = readFileSync(at('index.html'), 'utf8')
  .replace('href="/styles.css"', `href="${outputFor('styles.css')}"`)
  .replace('src="/src/app/main.jsx"', `src="${outputFor('src/app/main.jsx')}"`)
  .replace(/\n\s*/g, '\n');
writeFileSync(join(DIST, 'index.html'), html);

// 3. Static files served at fixed URLs.
cpSync(at('manifest.webmanifest'), join(DIST, 'manifest.webmanifest'));
mkdirSync(join(DIST, 'icons'));
// icon.svg and the PNGs; other SVGs in icons/ are sources for render_icons.py.
for (const f of readdirSync(at('icons')).filter((f) => f === 'icon.svg' || f.endsWith('.png'))) {
  cpSync(at('icons', f), join(DIST, 'icons', f));
}

// 4. The service worker (fixed name /sw.js, classic script), then the precache manifest.
await esbuild.build({
  ...common,
  entryPoints: [at('src/sw/sw.js')],
  outfile: join(DIST, 'sw.js'),
  format: 'iife',
  define: production,
});
const { count, size, warnings } = await injectManifest({
  ...precacheConfig,
  swSrc: join(DIST, 'sw.js'),
  swDest: join(DIST, 'sw.js'),
});
for (const w of warnings) console.warn('workbox:', w);
console.log(`pwa/dist built: ${count} files precached (${(size / 1024).toFixed(1)} KiB uncompressed)`);
