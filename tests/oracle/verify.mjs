// The test oracle: the field's independent verifiers, run on what Satchel issues.
//
// Reads one JSON job from stdin:
//   {"documents": {URL or DID: document or text}, "checks": [check, ...]}
// and prints {"results": [result, ...]} (one result per check and library).
//
// A check is one of
//   {"id", "kind": "vc", "credential"}          – a JSON-LD credential with a proof
//   {"id", "kind": "status", "credential"}      – only its Bitstring Status List entries
//   {"id", "kind": "sd-jwt", "token", "nonce"?} – an SD-JWT VC (with a KB-JWT when nonce is given)
//
// Nothing is fetched from the network: every document loader and every fetch
// is answered from `documents` (the Python side puts there the bundled contexts
// and what it fetched from the test server: its did.json and status lists).
// A URL not in the map fails like an unreachable host, and is reported in
// `unresolved` so a test can say what a library wanted.
//
// Libraries (all Digital Bazaar / DCC / OpenWallet code, none of it Satchel's):
//   "digitalbazaar-vc"      @digitalbazaar/vc verifyCredential with the
//                           eddsa-rdfc-2022 and ecdsa-rdfc-2019 DataIntegrityProof
//                           suites and Ed25519Signature2020. Both proof kinds
//                           canonize in jsonld's safe mode (`safe: true` is set by
//                           @digitalbazaar/data-integrity and by jsonld-signatures'
//                           LinkedDataSignature themselves; it cannot be turned off),
//                           so any term the contexts do not define fails the proof.
//                           Status is checked with @digitalbazaar/vc-bitstring-status-list.
//   "dcc-verifier-core"     @digitalcredentials/verifier-core verifyCredential, the
//                           engine of the Learner Credential Wallet and VerifierPlus.
//                           It builds its own document loader (bundled contexts,
//                           did:key, did:web over https, other contexts over http(s))
//                           and offers no option to pass one: we answer its network
//                           calls by replacing globalThis.fetch, which its HTTP
//                           client (ky) uses. No issuer registries are given.
//   "bitstring-status-list" @digitalbazaar/vc-bitstring-status-list checkStatus alone.
//   "sd-jwt-vc"             @sd-jwt/sd-jwt-vc SDJwtVcInstance.verify with its
//                           Token Status List check and, given a nonce, the KB-JWT.

import {createPublicKey, verify as cryptoVerify} from 'node:crypto';

const input = await new Promise((resolve, reject) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', chunk => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
  process.stdin.on('error', reject);
});
const job = JSON.parse(input);
// Libraries log to stdout (verifier-core's schema check does): keep stdout for
// the one JSON answer.
const out = process.stdout.write.bind(process.stdout);
console.log = (...args) => console.error(...args);
const documents = new Map(Object.entries(job.documents || {}));
const unresolved = new Set();

function lookup(url) {
  if(documents.has(url)) {
    return documents.get(url);
  }
  unresolved.add(url);
  return undefined;
}

// --- the network, answered from the map ---------------------------------------
globalThis.fetch = async function oracleFetch(resource) {
  const url = typeof resource === 'string' ? resource :
    (resource instanceof URL ? resource.href : resource.url);
  const doc = lookup(url);
  if(doc === undefined) {
    throw new TypeError(`fetch failed: ${url} is not served by the oracle`);
  }
  const body = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const type = typeof doc === 'string' && doc.split('.').length === 3 ?
    'application/statuslist+jwt' : 'application/json';
  return new Response(body, {status: 200, headers: {'content-type': type}});
};

// --- a document loader for @digitalbazaar/vc ---------------------------------
function didDocumentFor(did) {
  const doc = lookup(did);
  if(doc === undefined) {
    throw new Error(`NotFoundError: DID ${did} is not served by the oracle`);
  }
  return doc;
}

// did:key needs no network: DCC's did:key driver (a dependency of
// verifier-core) derives the document from the DID itself.
let didKeyDriver;
async function didKeyDocument(did) {
  if(!didKeyDriver) {
    const didKey = await import('@digitalcredentials/did-method-key');
    const Ed25519Multikey = await import('@digitalcredentials/ed25519-multikey');
    didKeyDriver = didKey.driver();
    didKeyDriver.use({
      multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from
    });
  }
  return didKeyDriver.get({did});
}

async function documentLoader(url) {
  if(url.startsWith('did:')) {
    const [did, fragment] = url.split('#');
    const doc = did.startsWith('did:key:') && !documents.has(did) ?
      await didKeyDocument(did) : didDocumentFor(did);
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const method = (doc.verificationMethod || []).find(
      m => m.id === url || m.id === `#${fragment}`);
    if(!method) {
      throw new Error(`NotFoundError: ${url} is not in the DID document`);
    }
    return {
      contextUrl: null,
      documentUrl: url,
      document: {'@context': doc['@context'], ...method, id: url}
    };
  }
  const doc = lookup(url);
  if(doc === undefined) {
    throw new Error(`NotFoundError: ${url} is not served by the oracle`);
  }
  return {contextUrl: null, documentUrl: url, document: doc};
}

function describe(error) {
  if(!error) {
    return [];
  }
  const out = [];
  const walk = (e, depth) => {
    if(!e || depth > 4) {
      return;
    }
    if(Array.isArray(e)) {
      e.forEach(x => walk(x, depth + 1));
      return;
    }
    const name = e.name || 'Error';
    let message = e.message || String(e);
    if(e.details && e.details.event) {
      const ev = e.details.event;
      const what = ev.details && (ev.details.property || ev.details.type ||
        ev.details.iri || ev.details.value);
      message += ` [${ev.code || ''}: ${ev.message || ''}` +
        `${what ? ` ${JSON.stringify(what)}` : ''}]`;
    }
    out.push(`${name}: ${message}`);
    if(e.errors) {
      walk(e.errors, depth + 1);
    }
    if(e.cause) {
      walk(e.cause, depth + 1);
    }
  };
  walk(error, 0);
  return out;
}

// --- @digitalbazaar/vc ---------------------------------------------------------
async function digitalbazaar(credential) {
  const vc = await import('@digitalbazaar/vc');
  const {DataIntegrityProof} = await import('@digitalbazaar/data-integrity');
  const {cryptosuite: eddsa} = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const {cryptosuite: ecdsa} = await import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite');
  const {Ed25519Signature2020} = await import('@digitalbazaar/ed25519-signature-2020');
  const {checkStatus} = await import('@digitalbazaar/vc-bitstring-status-list');
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsa}),
    new DataIntegrityProof({cryptosuite: ecdsa}),
    new Ed25519Signature2020()
  ];
  const options = {credential, suite, documentLoader};
  if(credential.credentialStatus) {
    options.checkStatus = checkStatus;
  }
  const result = await vc.verifyCredential(options);
  const proofErrors = (result.results || []).flatMap(r => describe(r.error));
  return {
    verified: result.verified === true,
    proof_verified: (result.results || []).length > 0 &&
      result.results.every(r => r.verified === true),
    status: result.statusResult ? statusSummary(result.statusResult) : null,
    errors: [...describe(result.error), ...proofErrors]
  };
}

function statusSummary(statusResult) {
  return {
    verified: statusResult.verified === true,
    entries: (statusResult.results || []).map(r => ({
      purpose: r.credentialStatus && r.credentialStatus.statusPurpose,
      index: r.credentialStatus && r.credentialStatus.statusListIndex,
      status: r.status
    })),
    errors: describe(statusResult.error)
  };
}

// --- @digitalbazaar/vc-bitstring-status-list alone ------------------------------
async function bitstring(credential) {
  const {checkStatus} = await import('@digitalbazaar/vc-bitstring-status-list');
  const {DataIntegrityProof} = await import('@digitalbazaar/data-integrity');
  const {cryptosuite: eddsa} = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
  const {cryptosuite: ecdsa} = await import('@digitalbazaar/ecdsa-rdfc-2019-cryptosuite');
  const suite = [
    new DataIntegrityProof({cryptosuite: eddsa}),
    new DataIntegrityProof({cryptosuite: ecdsa})
  ];
  const result = await checkStatus({
    credential, documentLoader, suite,
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true
  });
  return statusSummary(result);
}

// --- @digitalcredentials/verifier-core -----------------------------------------
async function dcc(credential) {
  const {verifyCredential} = await import('@digitalcredentials/verifier-core');
  const result = await verifyCredential({credential, knownDIDRegistries: []});
  const log = (result.log || []).map(entry => ({
    id: entry.id,
    valid: entry.valid,
    error: entry.error ? `${entry.error.name}: ${entry.error.message}` : undefined
  }));
  const signature = log.find(e => e.id === 'valid_signature');
  const revocation = log.find(e => e.id === 'revocation_status');
  const schema = (result.additionalInformation || [])
    .find(e => e.id === 'schema_check');
  return {
    verified: !result.errors && !!signature && signature.valid === true,
    log,
    revocation_valid: revocation ? revocation.valid : null,
    // The OB 3.0 JSON Schema it would check against is not bundled anywhere
    // we may read offline, so this is normally "could not fetch".
    schema: schema ? (Array.isArray(schema.results) ? schema.results.map(r => ({
      schema: r.schema, valid: r.result && r.result.valid
    })) : String(schema.results || schema.error || 'unchecked')) : null,
    errors: (result.errors || []).map(e => `${e.name}: ${e.message}` +
      (e.stackTrace && e.stackTrace.message ? ` (${e.stackTrace.message})` : ''))
  };
}

// --- @sd-jwt/sd-jwt-vc ------------------------------------------------------------
function b64urlJson(part) {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function issuerKey(header) {
  const kid = header.kid;
  if(!kid || !kid.startsWith('did:')) {
    throw new Error(`no did-based kid in the JWT header: ${kid}`);
  }
  const {document: method} = documentLoaderSync(kid);
  if(method.publicKeyJwk) {
    return createPublicKey({key: method.publicKeyJwk, format: 'jwk'});
  }
  if(method.publicKeyMultibase && method.publicKeyMultibase.startsWith('z6Mk')) {
    const raw = base58(method.publicKeyMultibase.slice(1)).subarray(2);
    return createPublicKey({
      key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url')},
      format: 'jwk'
    });
  }
  throw new Error(`unsupported verification method ${method.type}`);
}

function documentLoaderSync(url) {
  const [did, fragment] = url.split('#');
  const doc = didDocumentFor(did);
  const method = (doc.verificationMethod || []).find(
    m => m.id === url || m.id === `#${fragment}`);
  if(!method) {
    throw new Error(`${url} is not in the DID document`);
  }
  return {document: method};
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(text) {
  let n = 0n;
  for(const ch of text) {
    n = n * 58n + BigInt(B58.indexOf(ch));
  }
  const bytes = [];
  while(n > 0n) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for(const ch of text) {
    if(ch !== '1') {
      break;
    }
    bytes.unshift(0);
  }
  return Uint8Array.from(bytes);
}

function jwsVerify(key, alg, data, signature) {
  const sig = Buffer.from(signature, 'base64url');
  if(alg === 'EdDSA' || alg === 'Ed25519') {
    return cryptoVerify(null, Buffer.from(data), key, sig);
  }
  if(alg === 'ES256') {
    return cryptoVerify('sha256', Buffer.from(data),
      {key, dsaEncoding: 'ieee-p1363'}, sig);
  }
  throw new Error(`unsupported alg ${alg}`);
}

async function sdJwt(check) {
  const {SDJwtVcInstance} = await import('@sd-jwt/sd-jwt-vc');
  const {digest} = await import('@sd-jwt/crypto-nodejs');
  const statusLists = [];
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    // The issuer's key from the kid in the JWT's own header (the signing input).
    verifier: async (data, signature) => {
      const header = b64urlJson(data.split('.')[0]);
      return jwsVerify(issuerKey(header), header.alg, data, signature);
    },
    kbVerifier: async (data, signature, payload) => {
      const header = b64urlJson(data.split('.')[0]);
      const jwk = payload && payload.cnf && payload.cnf.jwk;
      if(!jwk) {
        throw new Error('no cnf.jwk to check the key binding with');
      }
      return jwsVerify(createPublicKey({key: jwk, format: 'jwk'}),
        header.alg, data, signature);
    },
    statusListFetcher: async uri => {
      statusLists.push(uri);
      const token = lookup(uri);
      if(typeof token !== 'string') {
        throw new Error(`status list ${uri} is not served by the oracle`);
      }
      return token;
    }
  });
  const options = {};
  if(check.nonce) {
    options.keyBindingNonce = check.nonce;
  }
  try {
    const result = await sdjwt.verify(check.token, options);
    const claims = await sdjwt.getClaims(check.token);
    return {
      verified: true,
      claims,
      header: result.header,
      kb: result.kb ? {header: result.kb.header, payload: result.kb.payload} : null,
      status_lists: statusLists,
      errors: []
    };
  } catch(e) {
    return {verified: false, status_lists: statusLists, errors: describe(e)};
  }
}

// --- run ------------------------------------------------------------------------
async function guarded(library, id, fn) {
  try {
    return {id, library, ...(await fn())};
  } catch(e) {
    return {id, library, verified: false, errors: describe(e), crashed: true};
  }
}

const results = [];
for(const check of job.checks || []) {
  const libraries = check.libraries ||
    (check.kind === 'vc' ? ['digitalbazaar-vc', 'dcc-verifier-core'] :
      check.kind === 'status' ? ['bitstring-status-list'] : ['sd-jwt-vc']);
  for(const library of libraries) {
    const fn = {
      'digitalbazaar-vc': () => digitalbazaar(check.credential),
      'dcc-verifier-core': () => dcc(check.credential),
      'bitstring-status-list': () => bitstring(check.credential),
      'sd-jwt-vc': () => sdJwt(check)
    }[library];
    if(!fn) {
      results.push({id: check.id, library, verified: false,
        errors: [`unknown library ${library}`]});
      continue;
    }
    results.push(await guarded(library, check.id, fn));
  }
}
out(JSON.stringify({results, unresolved: [...unresolved]}));
