// Digital Bazaar's @digitalbazaar/vc as an *issuer* of Ed25519 credentials, so
// that Satchel is judged on credentials it did not make (tests/oracle/
// test_their_credentials.py). Also verifies, to record where the library and
// Satchel disagree.
//
// stdin: {requests: [{op, ...}]}; stdout: [answer, ...]
//   issue  {credential, suite: "eddsa-rdfc-2022" | "Ed25519Signature2020", seed: hex32,
//           signAs?: hex32 (sign with this key but name the seed's key), extraContexts?}
//          -> {credential, did}
//   verify {credential, suite, extraContexts?} -> {verified, error}
// The loader serves the contexts Satchel bundles, extraContexts, and did:key
// documents built from the key; it never reaches the network.
import {readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', '..', 'wallet_core', 'contexts');
const MULTIKEY = 'https://w3id.org/security/multikey/v1';
const ED2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';

const bundled = new Map();
for(const entry of JSON.parse(readFileSync(join(contextsDir, 'manifest.json'), 'utf8')).contexts) {
  bundled.set(entry.url, JSON.parse(readFileSync(join(contextsDir, entry.file), 'utf8')));
}

function didDocument(did, suite) {
  const fingerprint = did.slice('did:key:'.length);
  const id = `${did}#${fingerprint}`;
  const method = suite === 'Ed25519Signature2020' ?
    {id, type: 'Ed25519VerificationKey2020', controller: did, publicKeyMultibase: fingerprint} :
    {id, type: 'Multikey', controller: did, publicKeyMultibase: fingerprint};
  const context = suite === 'Ed25519Signature2020' ? ED2020 : MULTIKEY;
  return {
    document: {'@context': ['https://www.w3.org/ns/did/v1', context], id: did,
      verificationMethod: [method], assertionMethod: [id], authentication: [id]},
    method: {'@context': context, ...method},
  };
}

function loader(suite, extraContexts = {}) {
  return async (url) => {
    const known = bundled.get(url) || extraContexts[url];
    if(known) return {contextUrl: null, documentUrl: url, document: known};
    if(url.startsWith('did:key:')) {
      const {document, method} = didDocument(url.split('#')[0], suite);
      return {contextUrl: null, documentUrl: url, document: url.includes('#') ? method : document};
    }
    throw new Error(`not served: ${url}`);
  };
}

async function keyPair(suite, seedHex) {
  const seed = Buffer.from(seedHex, 'hex');
  const pair = suite === 'Ed25519Signature2020' ?
    await Ed25519VerificationKey2020.generate({seed}) : await Ed25519Multikey.generate({seed});
  const fingerprint = pair.publicKeyMultibase;
  pair.controller = `did:key:${fingerprint}`;
  pair.id = `${pair.controller}#${fingerprint}`;
  return pair;
}

function suiteFor(name, key) {
  return name === 'Ed25519Signature2020' ?
    new Ed25519Signature2020({key}) : new DataIntegrityProof({signer: key && key.signer(), cryptosuite: eddsaRdfc2022});
}

async function issue({credential, suite, seed, signAs, extraContexts}) {
  const named = await keyPair(suite, seed);
  let signer = named;
  if(signAs) {  // sign with another key, under the named key's id
    signer = await keyPair(suite, signAs);
    signer.id = named.id;
    signer.controller = named.controller;
  }
  const doc = structuredClone(credential);
  if(typeof doc.issuer === 'object') doc.issuer.id = named.controller;
  else doc.issuer = named.controller;
  const signed = await vc.issue({
    credential: doc, suite: suiteFor(suite, signer), documentLoader: loader(suite, extraContexts),
  });
  return {credential: signed, did: named.controller};
}

async function verify({credential, suite, extraContexts}) {
  const result = await vc.verifyCredential({
    credential, suite: suiteFor(suite), documentLoader: loader(suite, extraContexts),
  });
  const error = result.error ? String(result.error.message || result.error) : null;
  return {verified: result.verified, error};
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const answers = [];
for(const request of input.requests) {
  try {
    answers.push(await (request.op === 'issue' ? issue(request) : verify(request)));
  } catch(e) {
    answers.push({failed: String(e && e.stack || e)});
  }
}
console.log(JSON.stringify(answers));
