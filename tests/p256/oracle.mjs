// The field's independent ECDSA Data Integrity implementation (Digital Bazaar's
// vc + data-integrity + ecdsa-rdfc-2019 / ecdsa-sd-2023 cryptosuites +
// ecdsa-multikey), driven by tests/p256/oracle.py: issues credentials Satchel
// must judge, and verifies credentials Satchel signed.
//
// stdin: one JSON request {op, ...}; stdout: one JSON answer.
//   issue-rdfc  {credential, curve?, vmStyle?, didWeb?, key?}  -> {credential, did, vm, key, didDocument}
//   issue-sd    {credential, vmStyle?, didWeb?, key?, mandatoryPointers, selective: [[pointer…]…]}
//               -> {base, derived: [credential…], did, vm, key, didDocument}
//   verify      {credential, cryptosuite, documents?: {url: doc}, now?, signatureOnly?}
//               -> {verified, error}
//   batch       {requests: [{op, ...}…]} -> [answer…]
//
// The document loader serves the JSON-LD contexts Satchel bundles
// (wallet_core/contexts, by its manifest), did:key documents for P-256/P-384
// keys, and the documents given in the request (e.g. a did:web DID document);
// it never reaches the network. Verification runs in safe mode (the suites
// canonicalise with `safe: true`: a term no context defines is an error).
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as ecdsaRdfc2019Cryptosuite} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {
  createDiscloseCryptosuite,
  createSignCryptosuite,
  createVerifyCryptosuite
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', '..', 'wallet_core', 'contexts');
const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

const contexts = new Map();
for(const entry of JSON.parse(
  readFileSync(join(contextsDir, 'manifest.json'), 'utf8')).contexts) {
  contexts.set(entry.url, JSON.parse(
    readFileSync(join(contextsDir, entry.file), 'utf8')));
}

function b64url(text) {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function didKeyDocument(did) {
  const fingerprint = did.slice('did:key:'.length);
  const vm = {
    id: `${did}#${fingerprint}`,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: fingerprint
  };
  return {
    '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: [vm],
    assertionMethod: [vm.id],
    authentication: [vm.id]
  };
}

function makeLoader(documents = {}) {
  return async url => {
    if(contexts.has(url)) {
      return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
    }
    const [base, fragment] = url.split('#');
    let doc = documents[base];
    if(!doc && base.startsWith('did:key:')) {
      doc = didKeyDocument(base);
    }
    if(!doc) {
      throw new Error(`oracle loader: ${url} is not served`);
    }
    if(fragment === undefined) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const vm = (doc.verificationMethod || []).find(
      m => m.id === url || m.id === `#${fragment}`);
    if(!vm) {
      throw new Error(`oracle loader: ${url} is not in ${base}'s document`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': MULTIKEY_CONTEXT, ...vm, id: url, controller: base}
    };
  };
}

// A key pair and the identifiers it signs under.
async function identity({curve = 'P-256', vmStyle = 'did:key', didWeb, key}) {
  const pair = key ?
    await EcdsaMultikey.from(key) : await EcdsaMultikey.generate({curve});
  const exported = await pair.export({publicKey: true, secretKey: true});
  const {publicKeyMultibase} = exported;
  let did;
  let vm;
  let didDocument;
  if(vmStyle === 'did:key') {
    did = `did:key:${publicKeyMultibase}`;
    vm = `${did}#${publicKeyMultibase}`;
    didDocument = didKeyDocument(did);
  } else if(vmStyle === 'did:jwk') {
    const jwk = await EcdsaMultikey.toJwk({keyPair: pair});
    did = `did:jwk:${b64url(JSON.stringify(jwk))}`;
    vm = `${did}#0`;
  } else if(vmStyle === 'did:web') {
    did = didWeb;
    vm = `${did}#key-1`;
    didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', MULTIKEY_CONTEXT],
      id: did,
      verificationMethod: [
        {id: vm, type: 'Multikey', controller: did, publicKeyMultibase}
      ],
      assertionMethod: [vm],
      authentication: [vm]
    };
  } else {
    throw new Error(`unknown vmStyle ${vmStyle}`);
  }
  const signingPair = await EcdsaMultikey.from(
    {...exported, id: vm, controller: did});
  return {
    did, vm, didDocument, signer: signingPair.signer(),
    key: {
      type: 'Multikey',
      publicKeyMultibase,
      secretKeyMultibase: exported.secretKeyMultibase
    }
  };
}

function withIssuer(credential, did) {
  const copy = structuredClone(credential);
  if(copy.issuer === '$DID') {
    copy.issuer = did;
  } else if(copy.issuer && copy.issuer.id === '$DID') {
    copy.issuer.id = did;
  }
  return copy;
}

async function issueRdfc(request) {
  const id = await identity(request);
  const suite = new DataIntegrityProof(
    {signer: id.signer, cryptosuite: ecdsaRdfc2019Cryptosuite});
  const credential = await vc.issue({
    credential: withIssuer(request.credential, id.did),
    suite,
    documentLoader: makeLoader()
  });
  return {credential, did: id.did, vm: id.vm, key: id.key, didDocument: id.didDocument};
}

async function issueSd(request) {
  const id = await identity(request);
  const loader = makeLoader();
  const suite = new DataIntegrityProof({
    signer: id.signer,
    cryptosuite: createSignCryptosuite(
      {mandatoryPointers: request.mandatoryPointers || []})
  });
  const base = await vc.issue({
    credential: withIssuer(request.credential, id.did),
    suite,
    documentLoader: loader
  });
  const derived = [];
  for(const selectivePointers of request.selective || []) {
    const discloseSuite = new DataIntegrityProof({
      cryptosuite: createDiscloseCryptosuite({selectivePointers})
    });
    derived.push(await vc.derive({
      verifiableCredential: base,
      suite: discloseSuite,
      documentLoader: loader
    }));
  }
  return {base, derived, did: id.did, vm: id.vm, key: id.key, didDocument: id.didDocument};
}

async function verify({credential, cryptosuite, documents, now, signatureOnly}) {
  const suite = new DataIntegrityProof({
    cryptosuite: cryptosuite === 'ecdsa-sd-2023' ?
      createVerifyCryptosuite() : ecdsaRdfc2019Cryptosuite
  });
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader: makeLoader(documents),
    ...(now ? {now} : {}),
    // signatureOnly: the credential's status is not the oracle's question
    // (vc refuses a credentialStatus without a checkStatus function)
    ...(signatureOnly ? {checkStatus: async () => ({verified: true})} : {})
  });
  const error = result.error ||
    (result.results || []).map(r => r.error).find(e => e);
  return {
    verified: result.verified === true,
    error: error ? String(error.message || error) +
      (error.errors ? ': ' + error.errors.map(e => e.message).join('; ') : '') : null
  };
}

const OPS = {'issue-rdfc': issueRdfc, 'issue-sd': issueSd, verify, batch};

// One node process for many requests: {requests: [{op, ...}…]} -> [answer…].
async function batch({requests}) {
  const answers = [];
  for(const request of requests) {
    answers.push(await OPS[request.op](request));
  }
  return answers;
}

const request = JSON.parse(readFileSync(0, 'utf8'));
const op = OPS[request.op];
if(!op) {
  throw new Error(`unknown op ${request.op}`);
}
process.stdout.write(JSON.stringify(await op(request)));
