// An independent OpenID4VP 1.0 verifier for the wallet's interop tests, made with the
// OpenWallet Foundation's @openid4vc/openid4vp (request creation, response parsing and
// validation), the dcql package (does the vp_token satisfy the DCQL query) and
// @sd-jwt/sd-jwt-vc (issuer signature, disclosures, key binding). Nothing from Satchel.
//
//   node verifier.mjs '{"trusted_did_web_http": "http://127.0.0.1:<port>", "key": <pem file>, "cert": <pem file>}'
// listens with TLS on 127.0.0.1 (a free port; the library wants https response URIs) and prints
// {"url": "https://127.0.0.1:<port>"} on stdout.
//   POST /requests  {dcql_query, response_mode?}  -> {id, uri, payload}
//   POST /response/<id>  (the response_uri, direct_post form)  -> {} or an error
//   GET  /results/<id>  -> {steps: {name: "ok" | error}, verified, claims?}
// did:web issuers are resolved over http only at the trusted loopback origin given.
import {createServer} from 'node:https';
import {readFileSync} from 'node:fs';
import {X509Certificate, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign as cryptoSign, verify as cryptoVerify} from 'node:crypto';
import {Openid4vpVerifier} from '@openid4vc/openid4vp';
import {DcqlQuery, DcqlPresentationResult} from 'dcql';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {digest} from '@sd-jwt/crypto-nodejs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import jsonld from 'jsonld';
import {compactDecrypt, exportJWK, importJWK} from 'jose';

const config = JSON.parse(process.argv[2] || '{}');
// JSON-LD contexts and the issuer's DID document, given (nothing is fetched for ldp_vc).
const documents = new Map(Object.entries(config.documents ? JSON.parse(readFileSync(config.documents, 'utf8')) : {}));
const requests = new Map(); // id -> {payload, result}

const b64urlJson = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function jwsVerify(key, alg, data, signature) {
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'EdDSA' || alg === 'Ed25519') return cryptoVerify(null, Buffer.from(data), key, sig);
  if (alg === 'ES256') return cryptoVerify('sha256', Buffer.from(data), {key, dsaEncoding: 'ieee-p1363'}, sig);
  throw new Error(`unsupported alg ${alg}`);
}

// did:web over http at the one trusted loopback origin (a test stand-in for https).
async function didWebKey(kid) {
  const [did] = kid.split('#');
  if (!did.startsWith('did:web:')) throw new Error(`issuer kid is not did:web: ${kid}`);
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const origin = `http://${parts[0]}`;
  if (origin !== config.trusted_did_web_http) throw new Error(`issuer ${did} is not trusted`);
  const path = parts.length > 1 ? `/${parts.slice(1).join('/')}/did.json` : '/.well-known/did.json';
  const doc = await (await fetch(origin + path)).json();
  const method = (doc.verificationMethod || []).find((m) => m.id === kid || `${did}${m.id}` === kid);
  if (!method) throw new Error(`${kid} is not in the DID document`);
  if (method.publicKeyJwk) return createPublicKey({key: method.publicKeyJwk, format: 'jwk'});
  if (method.publicKeyMultibase) return ed25519Multibase(method.publicKeyMultibase);
  throw new Error(`unsupported verification method ${method.type}`);
}

// An Ed25519 Multikey (publicKeyMultibase "z6Mk…": base58btc of 0xed 0x01 + 32 bytes).
function ed25519Multibase(text) {
  const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  if (!text.startsWith('z')) throw new Error('not base58btc multibase');
  let n = 0n;
  for (const ch of text.slice(1)) n = n * 58n + BigInt(B58.indexOf(ch));
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n & 0xffn)); n >>= 8n; }
  const raw = Uint8Array.from(bytes);
  if (raw[0] !== 0xed || raw[1] !== 0x01 || raw.length !== 34) throw new Error('not an Ed25519 Multikey');
  return createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.subarray(2)).toString('base64url')}, format: 'jwk'});
}

// --- ldp_vc: @digitalbazaar/vc with a document loader over the given documents ---------------
let didKeyDriver;
async function didKeyDocument(did) {
  if (!didKeyDriver) {
    const didKey = await import('@digitalcredentials/did-method-key');
    const DccMultikey = await import('@digitalcredentials/ed25519-multikey');
    didKeyDriver = didKey.driver();
    didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: DccMultikey.from});
  }
  return didKeyDriver.get({did});
}

async function documentLoader(url) {
  if (url.startsWith('did:')) {
    const [did, fragment] = url.split('#');
    const doc = did.startsWith('did:key:') ? await didKeyDocument(did) : documents.get(did);
    if (!doc) throw new Error(`NotFoundError: ${did}`);
    if (!fragment) return {contextUrl: null, documentUrl: url, document: doc};
    const method = (doc.verificationMethod || []).find((m) => m.id === url || m.id === `#${fragment}`);
    if (!method) throw new Error(`NotFoundError: ${url} is not in the DID document`);
    return {contextUrl: null, documentUrl: url, document: {'@context': doc['@context'], ...method, id: url}};
  }
  // The issuer's status lists, live from the trusted origin (revocation is checked for real).
  if (!documents.has(url) && config.trusted_did_web_http && url.startsWith(`${config.trusted_did_web_http}/`)) {
    return {contextUrl: null, documentUrl: url, document: await (await fetch(url)).json()};
  }
  if (!documents.has(url)) throw new Error(`NotFoundError: ${url} is not a known document`);
  return {contextUrl: null, documentUrl: url, document: documents.get(url)};
}

// eddsa-jcs-2022 (W3C vc-di-eddsa) for @digitalbazaar/data-integrity's DataIntegrityProof:
// canonicalisation is RFC 8785 JCS; the library does the hashing, proof-config and purpose checks.
function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).filter((k) => v[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
const eddsaJcs = {
  name: 'eddsa-jcs-2022',
  requiredAlgorithm: 'Ed25519',
  canonize: async (input) => jcs(input),
  createVerifier: async ({verificationMethod}) => (await Ed25519Multikey.from(verificationMethod)).verifier(),
};

async function expandedTypes(credential) {
  const [expanded] = await jsonld.expand(credential, {documentLoader, safe: false});
  return expanded['@type'] || [];
}

async function verifyLdp(presentation, payload, steps, label) {
  const suite = [new DataIntegrityProof({cryptosuite: eddsaJcs}), new DataIntegrityProof({cryptosuite: eddsaRdfc})];
  const result = await vc.verify({presentation, challenge: payload.nonce, domain: payload.client_id, suite, documentLoader, checkStatus});
  if (!result.verified) {
    const errors = [];
    const walk = (e, d = 0) => {
      if (!e || d > 5) return;
      if (Array.isArray(e)) return e.forEach((x) => walk(x, d + 1));
      if (e instanceof Error || e.message) errors.push(`${e.name}: ${e.message}`);
      walk(e.errors, d + 1);
      walk(e.cause, d + 1);
    };
    walk(result.error);
    if (result.presentationResult && !result.presentationResult.verified) errors.unshift('holder proof failed');
    for (const r of result.credentialResults || []) {
      if (!r.verified) errors.push('credential proof failed');
      for (const x of r.results || []) walk(x.error);
      walk(r.error);
    }
    const why = errors.join('; ').slice(0, 800);
    throw new Error(`${label}: @digitalbazaar/vc did not verify the presentation: ${why}`);
  }
  steps[`${label}: holder proof (challenge = nonce, domain = client_id), credential proof and status by @digitalbazaar/vc`] = 'ok';
  const credential = [].concat(presentation.verifiableCredential)[0];
  if (presentation.holder !== (credential.credentialSubject && credential.credentialSubject.id)) {
    throw new Error(`${label}: the holder is not the credential's subject`);
  }
  steps[`${label}: holder is the credential subject`] = 'ok';
  return credential;
}

// --- jwt_vc_json: a VP-JWT signed by the holder's did:key ----------------------------------
async function verifyVpJwt(token, payload, steps, label) {
  const [h, p, sig] = token.split('.');
  const header = b64urlJson(h);
  const claims = b64urlJson(p);
  const holder = String(claims.iss || (claims.vp && claims.vp.holder) || '');
  if (!holder.startsWith('did:key:') || !String(header.kid || '').startsWith(holder)) throw new Error(`${label}: the VP-JWT's kid is not the holder's did:key`);
  const {document: method} = await documentLoader(header.kid);
  const key = ed25519Multibase(method.publicKeyMultibase);
  if (!jwsVerify(key, header.alg, `${h}.${p}`, sig)) throw new Error(`${label}: the VP-JWT signature does not verify`);
  steps[`${label}: VP-JWT signed by the holder`] = 'ok';
  if (claims.nonce !== payload.nonce) throw new Error(`${label}: the VP-JWT nonce is not the request's`);
  if (claims.aud !== payload.client_id) throw new Error(`${label}: the VP-JWT aud is not the client_id`);
  steps[`${label}: VP-JWT nonce and aud (client_id)`] = 'ok';
  const inner = [].concat(claims.vp && claims.vp.verifiableCredential)[0];
  if (typeof inner !== 'string') throw new Error(`${label}: no VC-JWT inside`);
  const [ih, ip, isig] = inner.split('.');
  const iheader = b64urlJson(ih);
  const icl = b64urlJson(ip);
  const issuerKid = String(iheader.kid || '');
  const {document: imethod} = await documentLoader(issuerKid.includes('#') ? issuerKid : `${icl.iss}#${String(icl.iss).slice('did:key:'.length)}`);
  const ikey = ed25519Multibase(imethod.publicKeyMultibase);
  if (!jwsVerify(ikey, iheader.alg, `${ih}.${ip}`, isig)) throw new Error(`${label}: the VC-JWT issuer signature does not verify`);
  if (icl.sub !== holder) throw new Error(`${label}: the VC-JWT subject is not the holder`);
  steps[`${label}: VC-JWT issuer signature, subject is the holder`] = 'ok';
  return icl.vc;
}

// The verifier's own signing key for request objects (decentralized_identifier: its did:key).
const requestKey = generateKeyPairSync('ed25519');
const requestKeyRaw = Buffer.from(requestKey.publicKey.export({format: 'jwk'}).x, 'base64url');
function didKeyOf(raw) {
  const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const bytes = Buffer.concat([Buffer.from([0xed, 0x01]), raw]);
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n; }
  return `did:key:z${out}`;
}
const verifierDid = didKeyOf(requestKeyRaw);

// The verifier's response-encryption key (P-256, ECDH-ES), published in client_metadata.jwks.
const encPair = generateKeyPairSync('ec', {namedCurve: 'P-256'});
const encKey = {
  privateJwk: encPair.privateKey.export({format: 'jwk'}),
  publicJwk: {...encPair.publicKey.export({format: 'jwk'}), kid: 'enc-1', use: 'enc', alg: 'ECDH-ES'},
};
let lastJweHeader = null;

const b64urlText = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (n) => randomBytes(n),
  signJwt: async (signer, {header, payload}) => {
    const input = `${b64urlText(header)}.${b64urlText(payload)}`;
    if (signer.method === 'x5c') {
      // x509_san_dns: signed with the key of the (self-signed, test) certificate naming "localhost".
      const key = createPrivateKey(readFileSync(config.key));
      const sig = cryptoSign('sha256', Buffer.from(input), {key, dsaEncoding: 'ieee-p1363'});
      return {jwt: `${input}.${sig.toString('base64url')}`, signerJwk: createPublicKey(key).export({format: 'jwk'})};
    }
    const sig = cryptoSign(null, Buffer.from(input), requestKey.privateKey);
    return {jwt: `${input}.${sig.toString('base64url')}`, signerJwk: requestKey.publicKey.export({format: 'jwk'})};
  },
  getX509CertificateMetadata: (certificate) => {
    const cert = new X509Certificate(Buffer.from(certificate, 'base64'));
    const names = (cert.subjectAltName || '').split(', ');
    return {sanDnsNames: names.filter((n) => n.startsWith('DNS:')).map((n) => n.slice(4)), sanUriNames: []};
  },
  verifyJwt: async () => ({verified: false}),
  encryptJwe: async () => { throw new Error('no JWE'); },
  // direct_post.jwt: the response JWE is opened with panva's jose (ECDH-ES, A128GCM/A256GCM).
  decryptJwe: async (jwe) => {
    const {plaintext, protectedHeader} = await compactDecrypt(jwe, await importJWK(encKey.privateJwk, 'ECDH-ES'));
    lastJweHeader = protectedHeader;
    return {decrypted: true, decryptionJwk: encKey.publicJwk, payload: new TextDecoder().decode(plaintext)};
  },
};
const verifier = new Openid4vpVerifier({callbacks});

async function createRequest(body, base) {
  const id = randomBytes(8).toString('hex');
  let responseUri = `${base}/response/${id}`;
  const dcql = DcqlQuery.parse(body.dcql_query);
  DcqlQuery.validate(dcql);
  const prefix = body.client_id_prefix || 'redirect_uri';
  let clientId = `redirect_uri:${responseUri}`;
  let jar;
  if (prefix === 'decentralized_identifier') {
    clientId = `decentralized_identifier:${verifierDid}`;
    jar = {requestUri: `${base}/request/${id}`, jwtSigner: {method: 'did', didUrl: `${verifierDid}#${verifierDid.slice('did:key:'.length)}`, alg: 'EdDSA'}};
  } else if (prefix === 'x509_san_dns') {
    // The certificate names "localhost": the response_uri's host must be that name.
    base = base.replace('127.0.0.1', 'localhost');
    responseUri = `${base}/response/${id}`;
    clientId = 'x509_san_dns:localhost';
    const der = new X509Certificate(readFileSync(config.cert)).raw.toString('base64');
    jar = {requestUri: `${base}/request/${id}`, jwtSigner: {method: 'x5c', x5c: [der], alg: 'ES256'}};
  }
  const created = await verifier.createOpenId4vpAuthorizationRequest({
    jar,
    authorizationRequestPayload: {
      response_type: 'vp_token',
      client_id: clientId,
      response_uri: responseUri,
      response_mode: body.response_mode || 'direct_post',
      nonce: randomBytes(16).toString('base64url'),
      state: randomBytes(8).toString('base64url'),
      dcql_query: body.dcql_query,
      client_metadata: {
        ...(body.response_mode === 'direct_post.jwt' ? {jwks: {keys: [encKey.publicJwk]}, encrypted_response_enc_values_supported: [body.enc || 'A128GCM']} : {}),
        client_name: 'Interop Test Verifier', vp_formats_supported: {'dc+sd-jwt': {'sd-jwt_alg_values': ['EdDSA'], 'kb-jwt_alg_values': ['EdDSA']}, ldp_vc: {proof_type_values: ['DataIntegrityProof'], cryptosuite_values: ['eddsa-jcs-2022', 'eddsa-rdfc-2022']}, jwt_vc_json: {alg_values: ['EdDSA']}}},
    },
  });
  const {authorizationRequestPayload, authorizationRequest} = created;
  let requestObject = created.jar && created.jar.authorizationRequestJwt;
  if (requestObject && body.tamper) {
    // A forged request: same signature, another response_uri (the wallet must refuse it).
    const [h, p, sig] = requestObject.split('.');
    const forged = {...b64urlJson(p), response_uri: `${base}/response/forged`};
    requestObject = `${h}.${b64urlText(forged)}.${sig}`;
  }
  requests.set(id, {payload: authorizationRequestPayload, result: null, requestObject, fetched: 0});
  return {id, uri: authorizationRequest, payload: authorizationRequestPayload, request_object: requestObject || null, client_id: clientId};
}

async function verifySdJwt(token, payload, steps, label) {
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      const header = b64urlJson(data.split('.')[0]);
      return jwsVerify(await didWebKey(header.kid), header.alg, data, signature);
    },
    kbVerifier: async (data, signature, claims) => {
      const header = b64urlJson(data.split('.')[0]);
      const jwk = claims && claims.cnf && claims.cnf.jwk;
      if (!jwk) throw new Error('no cnf.jwk to check the key binding with');
      return jwsVerify(createPublicKey({key: jwk, format: 'jwk'}), header.alg, data, signature);
    },
  });
  // Signatures, disclosure digests, KB-JWT signature, sd_hash and nonce.
  const result = await sdjwt.verify(token, {keyBindingNonce: payload.nonce, requiredClaimKeys: []});
  steps[`${label}: issuer signature, disclosures, key binding signature, sd_hash, nonce`] = 'ok';
  if (!result.kb || result.kb.payload.aud !== payload.client_id) {
    throw new Error(`${label}: key binding aud ${result.kb && result.kb.payload.aud} is not the client_id`);
  }
  steps[`${label}: key binding aud is the client_id`] = 'ok';
  return {claims: await sdjwt.getClaims(token), kb: result.kb.payload};
}

async function handleResponse(id, form) {
  const entry = requests.get(id);
  const steps = {};
  const out = {steps, verified: false, claims: {}};
  entry.result = out;
  if (form.has('error')) {
    // An authorization error response (OpenID4VP 1.0 §8.5, e.g. access_denied): nothing presented.
    out.error = form.get('error');
    out.state_matches = form.get('state') === entry.payload.state;
    steps[`error response: ${out.error}`] = 'ok';
    return out;
  }
  try {
    const authorizationResponse = Object.fromEntries(form);
    if (authorizationResponse.vp_token) authorizationResponse.vp_token = JSON.parse(authorizationResponse.vp_token);
    if (entry.payload.response_mode === 'direct_post.jwt' && !authorizationResponse.response) {
      throw new Error('direct_post.jwt: the response is not encrypted');
    }
    lastJweHeader = null;
    const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
      authorizationResponse, authorizationRequestPayload: entry.payload, callbacks,
    });
    if (entry.payload.response_mode === 'direct_post.jwt') {
      out.jwe_header = lastJweHeader;
      steps[`response: JWE (${lastJweHeader.alg}, ${lastJweHeader.enc}) decrypted by jose`] = 'ok';
    }
    steps['response: parsed and validated (state, vp_token shape) by @openid4vc/openid4vp'] = 'ok';
    if (parsed.type !== 'dcql') throw new Error('not a DCQL response');
    const presentations = parsed.dcql.presentations;
    const dcqlPresentation = {};
    for (const [queryId, list] of Object.entries(presentations)) {
      dcqlPresentation[queryId] = [];
      for (const [i, p] of list.entries()) {
        const label = `${queryId}[${i}]`;
        if (typeof p === 'string' && p.includes('~')) {
          const {claims} = await verifySdJwt(p, entry.payload, steps, label);
          out.claims[label] = claims;
          dcqlPresentation[queryId].push({credential_format: 'dc+sd-jwt', vct: claims.vct, claims, cryptographic_holder_binding: true});
        } else if (p && typeof p === 'object') {
          const credential = await verifyLdp(p, entry.payload, steps, label);
          out.claims[label] = credential;
          dcqlPresentation[queryId].push({credential_format: 'ldp_vc', type: await expandedTypes(credential), claims: credential, cryptographic_holder_binding: true});
        } else if (typeof p === 'string' && p.split('.').length === 3) {
          const credential = await verifyVpJwt(p, entry.payload, steps, label);
          out.claims[label] = credential;
          dcqlPresentation[queryId].push({credential_format: 'jwt_vc_json', type: await expandedTypes(credential), claims: credential, cryptographic_holder_binding: true});
        } else throw new Error(`${label}: unsupported presentation`);
      }
    }
    const dcqlResult = DcqlPresentationResult.fromDcqlPresentation(dcqlPresentation, {dcqlQuery: DcqlQuery.parse(entry.payload.dcql_query)});
    out.dcql = dcqlResult;
    if (!dcqlResult.can_be_satisfied) throw new Error('dcql: the presentations do not satisfy the query');
    steps['dcql: presentations satisfy the query'] = 'ok';
    out.verified = true;
  } catch (e) {
    out.error = String(e && e.message || e);
  }
  return out;
}

const server = createServer({key: readFileSync(config.key), cert: readFileSync(config.cert)}, async (req, res) => {
  const base = `https://127.0.0.1:${server.address().port}`;
  const send = (status, body) => {
    res.writeHead(status, {'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store'});
    res.end(JSON.stringify(body));
  };
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    const url = new URL(req.url, base);
    if (req.method === 'POST' && url.pathname === '/requests') return send(200, await createRequest(JSON.parse(raw), base));
    const m = /^\/(response|results|request)\/([0-9a-f]+)$/.exec(url.pathname);
    if (m && requests.has(m[2])) {
      const entry = requests.get(m[2]);
      if (m[1] === 'request' && entry.requestObject) {
        // request_uri: the signed request object (GET, or POST with request_uri_method=post).
        entry.fetched += 1;
        res.writeHead(200, {'Content-Type': 'application/oauth-authz-req+jwt', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store'});
        return res.end(entry.requestObject);
      }
      if (m[1] === 'results' && req.method === 'GET') return send(200, requests.get(m[2]).result);
      if (m[1] === 'response' && req.method === 'POST') {
        const out = await handleResponse(m[2], new URLSearchParams(raw));
        return out.verified || out.state_matches ? send(200, {}) : send(400, {error: 'invalid_request', error_description: out.error});
      }
    }
    return send(404, {error: 'not found'});
  } catch (e) {
    return send(400, {error: String(e && e.message || e)});
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({url: `https://127.0.0.1:${server.address().port}`}) + '\n');
});
