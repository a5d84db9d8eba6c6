// The PWA's QR packing (pwa/src/wallet/present.js) run in Node for tests/unit/test_qr_svp2.py:
// stdin {encode: [presentation], decode: [qr text], partSize}; stdout {encoded: [[part]], decoded: [text | {error}]}.
import { readFileSync } from 'node:fs';
import { qrDecode, qrEncodeParts } from '../../pwa/src/wallet/present.js';

const job = JSON.parse(readFileSync(0, 'utf8'));
const encoded = [];
for (const p of job.encode || []) encoded.push(await qrEncodeParts(p, job.partSize ?? undefined));
const decoded = [];
for (const q of job.decode || []) {
  try {
    decoded.push(await qrDecode(q));
  } catch (e) {
    decoded.push({ error: String(e.message || e) });
  }
}
process.stdout.write(JSON.stringify({ encoded, decoded }));
