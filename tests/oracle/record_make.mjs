// The PWA's own record code (pwa/src/wallet/record.js, resume.js, sign.js: DOM-free, WebCrypto
// only) run under Node, for tests that need a record file without a browser. Reads
//   {"private_jwk": Ed25519 JWK with d, "held": [{credential, verdict}], "entries": [{kind, title, ...}], "id"?, "name"?}
// and prints {"record": <the signed record>, "resume": <the JSON Resume>}: the entries are
// signed as self-asserted credentials first and carried after the held credentials.
import {didKeyFromEd25519} from '../../pwa/src/wallet/keys.js';
import {buildRecord, newRecordId} from '../../pwa/src/wallet/record.js';
import {jsonResume} from '../../pwa/src/wallet/resume.js';
import {selfAssertedCredential, selfAssertedVerdict} from '../../pwa/src/wallet/sign.js';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  text += chunk;
}
const job = JSON.parse(text);
const privateKey = await crypto.subtle.importKey('jwk', job.private_jwk, {name: 'Ed25519'}, false, ['sign']);
const did = didKeyFromEd25519(Buffer.from(job.private_jwk.x, 'base64url'));
const wallet = {did, privateKey};
const records = (job.held || []).map(r => ({...r}));
for(const entry of job.entries || []) {
  const credential = await selfAssertedCredential(entry, wallet);
  const verdict = selfAssertedVerdict(credential);
  records.push({credential: verdict.credential, verdict, selfAsserted: true});
}
const id = job.id || newRecordId();
const record = await buildRecord(records, wallet, id);
const resume = jsonResume(records, {recordId: id, name: job.name || ''});
process.stdout.write(JSON.stringify({did, record, resume}));
