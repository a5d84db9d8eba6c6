// Digital Bazaar's verifier (@digitalbazaar/vc + data-integrity + eddsa-rdfc-2022,
// safe mode) on one credential for a fixed time: prints whether it verified and the rate
// per wall-clock second and per CPU second of this process.
// Input on stdin: {"credential", "contexts": {url: document}, "seconds"}.
// did:key (Ed25519) documents are built here from the key itself.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));
const MULTIKEY = 'https://w3id.org/security/multikey/v1';

function didKeyDocument(url) {
  const did = url.split('#')[0];
  const fingerprint = did.slice('did:key:'.length);
  const method = {
    '@context': MULTIKEY, id: `${did}#${fingerprint}`, type: 'Multikey',
    controller: did, publicKeyMultibase: fingerprint,
  };
  if(url.includes('#')) return method;
  return {
    '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY], id: did,
    verificationMethod: [method], assertionMethod: [method.id], authentication: [method.id],
  };
}

async function documentLoader(url) {
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: didKeyDocument(url)};
  }
  const document = input.contexts[url];
  if(!document) throw new Error(`no such document: ${url}`);
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite});
const once = () => vc.verifyCredential({credential: input.credential, suite, documentLoader});
const first = await once();
// rate per CPU second of this process (so other work on the machine counts less)
let count = 0;
const cpuStart = process.cpuUsage();
const end = performance.now() + input.seconds * 1000;
while(performance.now() < end) {
  await once();
  count++;
}
const cpu = process.cpuUsage(cpuStart);
console.log(JSON.stringify({
  verified: first.verified,
  error: first.error ? String(first.error) : null,
  wall_rate: count / input.seconds,
  cpu_rate: count / ((cpu.user + cpu.system) / 1e6),
}));
