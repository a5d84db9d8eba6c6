// The PWA's claim values as text (pwa/src/app/share/fields.js), bundled by esbuild as the
// build does and run in Node for tests/unit/test_pwa_fields.py:
// stdin [[path, value]]; stdout [text] (the UI language is English).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const bundled = await build({
  entryPoints: [new URL('../../pwa/src/app/share/fields.js', import.meta.url).pathname],
  bundle: true,
  format: 'esm',
  write: false,
  define: { __SATCHEL_LANGS__: '[]' },
});
const { fieldText } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
const job = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(job.map(([path, value]) => fieldText(path, value))));
