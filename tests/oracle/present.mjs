// The PWA's own presentation code (pwa/src/wallet/present.js is DOM-free and
// uses only WebCrypto, which Node has) run under Node: reads
//   {"sd_jwt", "paths", "private_jwk", "aud", "nonce", "iat"}
// from stdin and prints the SD-JWT+KB the PWA would send.
import {presentSdJwt} from '../../pwa/src/wallet/present.js';

let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  text += chunk;
}
const job = JSON.parse(text);
const privateKey = await crypto.subtle.importKey(
  'jwk', job.private_jwk, {name: 'Ed25519'}, false, ['sign']);
const presented = await presentSdJwt(job.sd_jwt, job.paths, {privateKey},
  {aud: job.aud, nonce: job.nonce, iat: job.iat});
process.stdout.write(JSON.stringify({presentation: presented}));
