// The independent checks of an exported Satchel record (decision D29), run under Node:
//   {"record": <the record file, JSON>, "resume": <the JSON Resume file>, "documents": {URL: context}}
// prints
//   {"holder_proof": {verified, errors}, "credentials": [{id, verified, errors}], "resume": {valid, errors}}
// - holder_proof: Digital Bazaar's @digitalbazaar/vc `verify` of the presentation with the
//   eddsa-jcs-2022 DataIntegrityProof suite (@digitalbazaar/eddsa-jcs-2022-cryptosuite) and an
//   authentication proof purpose with no challenge (a file, not an answer to a verifier):
//   ControllerProofPurpose('authentication') checks the key is the holder DID's authentication key.
// - credentials: vc's own verdict on each carried credential (it verifies the embedded ones
//   with the suites given, status with @digitalbazaar/vc-bitstring-status-list; it does not
//   open enveloped ones: reported as they come).
// - resume: @jsonresume/schema's validator (the JSON Schema it ships, run by `jsonschema`).
// Nothing is fetched: contexts come from `documents`, did:key documents are derived.
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
let text = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) {
  text += chunk;
}
const job = JSON.parse(text);
const out = process.stdout.write.bind(process.stdout);
console.log = (...args) => console.error(...args);

const vc = await import('@digitalbazaar/vc');
const {DataIntegrityProof} = await import('@digitalbazaar/data-integrity');
const {createVerifyCryptosuite} = await import('@digitalbazaar/eddsa-jcs-2022-cryptosuite');
const jcs = createVerifyCryptosuite();
const {cryptosuite: rdfc} = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const jsigs = (await import('jsonld-signatures')).default;
const {checkStatus} = await import('@digitalbazaar/vc-bitstring-status-list');
const didKey = await import('@digitalcredentials/did-method-key');
const Ed25519Multikey = await import('@digitalcredentials/ed25519-multikey');
const driver = didKey.driver();
driver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

const documents = new Map(Object.entries(job.documents || {}));
async function documentLoader(url) {
  if(url.startsWith('did:')) {
    const [did, fragment] = url.split('#');
    const doc = documents.has(did) ? documents.get(did) :
      did.startsWith('did:key:') ? await driver.get({did}) : undefined;
    if(!doc) {
      throw new Error(`NotFoundError: ${did} is not served by the oracle`);
    }
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const method = (doc.verificationMethod || []).find(m => m.id === url || m.id === `#${fragment}`);
    if(!method) {
      throw new Error(`NotFoundError: ${url} is not in the DID document`);
    }
    return {contextUrl: null, documentUrl: url, document: {'@context': doc['@context'], ...method, id: url}};
  }
  if(documents.has(url)) {
    return {contextUrl: null, documentUrl: url, document: documents.get(url)};
  }
  throw new Error(`NotFoundError: ${url} is not served by the oracle`);
}

const errors = e => (e ? [].concat(e).flatMap(x => [`${x.name}: ${x.message}`,
  ...errors(x.errors || []), ...(x.cause ? errors(x.cause) : [])]) : []);

const result = {};
try {
  const verified = await vc.verify({
    presentation: job.record,
    suite: [new DataIntegrityProof({cryptosuite: jcs}), new DataIntegrityProof({cryptosuite: rdfc})],
    presentationPurpose: new jsigs.purposes.ControllerProofPurpose({term: 'authentication'}),
    documentLoader,
    checkStatus
  });
  const proof = verified.presentationResult || {};
  result.holder_proof = {
    verified: proof.verified === true,
    errors: [...errors(proof.error), ...(proof.results || []).flatMap(r => errors(r.error))]
  };
  result.credentials = (verified.credentialResults || []).map(r => ({
    id: r.credentialId, verified: r.verified === true,
    errors: [...errors(r.error), ...(r.results || []).flatMap(x => errors(x.error))]
  }));
} catch(e) {
  result.holder_proof = {verified: false, errors: errors(e), crashed: true};
}
const {validate} = require('@jsonresume/schema');
validate(job.resume, (errs, valid) => {
  result.resume = {valid: valid === true, errors: (errs || []).map(e => `${e.property} ${e.message}`)};
});
out(JSON.stringify(result));
