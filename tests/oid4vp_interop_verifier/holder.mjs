// An independent OpenID4VP 1.0 holder against Satchel's verifier: the
// OpenWallet Foundation's @openid4vc/openid4vp (wallet side), the dcql package,
// @sd-jwt/core (dc+sd-jwt), Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite and jsonld (ldp_vc), node:crypto (jwt_vc_json).
// Input: one JSON argument {link, mode, format?, sdJwt, holderJwk, ldpCredential?}.
// format (default dc+sd-jwt) picks the credential query of that format.
// Output: one JSON line {steps: [...], ...}; each protocol step is named so a
// failure says which step broke.
import { createHash, createPublicKey, createPrivateKey, sign, verify, randomBytes } from 'node:crypto';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/utils';
import { DcqlQuery } from 'dcql';
import { SDJwtInstance } from '@sd-jwt/core';
import { decodeSdJwt, getClaims } from '@sd-jwt/decode';
import { CompactEncrypt, importJWK } from 'jose';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const input = JSON.parse(process.argv[2]);
const steps = [];
const out = { steps };
function step(name, detail) { steps.push(detail === undefined ? name : { step: name, ...detail }); }
function fail(name, err) {
  out.failed = name;
  out.error = String(err?.error_description ?? err?.message ?? err);
  console.log(JSON.stringify(out));
  process.exit(0);
}

setGlobalConfig({ allowInsecureUrls: true }); // the live test server is on http://127.0.0.1

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function unb58(text) {
  let n = 0n;
  for (const ch of text) n = n * 58n + BigInt(B58.indexOf(ch));
  const hex = n.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
  const zeros = text.match(/^1*/)[0].length;
  return Buffer.concat([Buffer.alloc(zeros), bytes]);
}
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const sha256 = (data) => createHash('sha256').update(data).digest();

// did:web resolution done here, over HTTP, from the DID's own text.
async function resolveDidWebKey(didUrl) {
  const [did, fragment] = didUrl.split('#');
  if (!did.startsWith('did:web:')) throw new Error('not a did:web: ' + did);
  const host = decodeURIComponent(did.slice('did:web:'.length).split(':')[0]);
  const doc = await (await fetch(`http://${host}/.well-known/did.json`)).json();
  if (doc.id !== did) throw new Error('DID document id mismatch');
  const method = doc.verificationMethod.find((m) => m.id === didUrl || m.id === '#' + fragment);
  if (!method || !(doc.assertionMethod || []).includes(method.id)) throw new Error('no such assertion key ' + didUrl);
  const raw = unb58(method.publicKeyMultibase.slice(1));
  if (raw[0] !== 0xed || raw[1] !== 0x01) throw new Error('not an Ed25519 multikey');
  return { kty: 'OKP', crv: 'Ed25519', x: b64u(raw.subarray(2)) };
}

const callbacks = {
  fetch: (...args) => fetch(...args),
  hash: (data, alg) => sha256(data),
  generateRandom: (n) => randomBytes(n),
  // direct_post.jwt: JWE by the jose package (ECDH-ES to the verifier's key from client_metadata.jwks).
  encryptJwe: async (encryptor, data) => {
    const key = await importJWK(encryptor.publicJwk, 'ECDH-ES');
    const params = {};
    if (encryptor.apu) params.apu = Buffer.from(encryptor.apu, 'base64url');
    if (encryptor.apv) params.apv = Buffer.from(encryptor.apv, 'base64url');
    const jwe = await new CompactEncrypt(new TextEncoder().encode(data))
      .setProtectedHeader({ alg: encryptor.alg, enc: encryptor.enc, kid: encryptor.publicJwk.kid })
      .setKeyManagementParameters(params)
      .encrypt(key);
    out.jwe_header = JSON.parse(Buffer.from(jwe.split('.')[0], 'base64url'));
    return { jwe, encryptionJwk: encryptor.publicJwk };
  },
  verifyJwt: async (signer, { header, compact }) => {
    if (signer.method !== 'did' || header.alg !== 'EdDSA') return { verified: false };
    const jwk = await resolveDidWebKey(signer.didUrl);
    const [h, p, s] = compact.split('.');
    const ok = verify(null, Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
    out.requestSignatureChecked = ok;
    return ok ? { verified: true, signerJwk: jwk } : { verified: false };
  },
};
const client = new Openid4vpClient({ callbacks });
const format = input.format ?? 'dc+sd-jwt';

// JSON-LD contexts: the standard context documents Satchel bundles (data only, read from its manifest).
const contextsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'wallet_core', 'contexts');
const contexts = new Map();
for (const entry of JSON.parse(readFileSync(join(contextsDir, 'manifest.json'), 'utf8')).contexts) {
  contexts.set(entry.url, JSON.parse(readFileSync(join(contextsDir, entry.file), 'utf8')));
}
const documentLoader = async (url) => {
  if (contexts.has(url)) return { contextUrl: null, documentUrl: url, document: contexts.get(url) };
  throw new Error('not served: ' + url);
};
// did:key keys from a 32-byte Ed25519 seed (the holder's private key), by Digital Bazaar's multikey library.
// jwkPrivate: the same key for node:crypto (PKCS#8 = a fixed prefix + the seed).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
async function didKeyPair(seedB64u) {
  const seed = Buffer.from(seedB64u, 'base64url');
  const pair = await Ed25519Multikey.generate({ seed });
  pair.controller = `did:key:${pair.publicKeyMultibase}`;
  pair.id = `${pair.controller}#${pair.publicKeyMultibase}`;
  pair.jwkPrivate = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return pair;
}
// The credential's types as full IRIs (jsonld.expand), what DCQL type_values name.
async function expandedTypes(credential) {
  const [node] = await jsonld.expand({ '@context': credential['@context'], id: 'urn:x', type: credential.type }, { documentLoader });
  return node['@type'];
}
const jws = (header, payload, privateJwk) => {
  const body = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${body}.${b64u(sign(null, Buffer.from(body), createPrivateKey({ key: privateJwk, format: 'jwk' })))}`;
};

// Step 1: parse the request link (openid4vp://?...).
let parsed;
try {
  parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: input.link });
  step('parse_request_link', { type: parsed.type });
} catch (e) { fail('parse_request_link', e); }

// Step 2: resolve it (fetch request_uri and check the signed request object, or take it by value).
let resolved;
try {
  resolved = await client.resolveOpenId4vpAuthorizationRequest({ authorizationRequestPayload: parsed.params });
  step('resolve_request', { client_prefix: resolved.client.prefix, signed: Boolean(resolved.jar), version: resolved.version });
  out.client_id = resolved.authorizationRequestPayload.client_id;
  out.client_prefix = resolved.client.prefix;
  out.signed = Boolean(resolved.jar);
  out.typ = resolved.jar?.jwt?.header?.typ ?? null;
} catch (e) { fail('resolve_request', e); }

const request = resolved.authorizationRequestPayload;
const sdjwt = new SDJwtInstance({
  hasher: (data) => sha256(data),
  kbSigner: (data) => b64u(sign(null, Buffer.from(data), createPrivateKey({ key: input.holderJwk, format: 'jwk' }))),
  kbSignAlg: 'EdDSA',
  saltGenerator: () => b64u(randomBytes(16)),
});

// Step 3: evaluate the DCQL query against the credential the wallet holds.
let query, credentialQuery, w3c;
try {
  query = DcqlQuery.parse(resolved.dcql.query);
  DcqlQuery.validate(query);
  credentialQuery = query.credentials.find((c) => c.format === format);
  if (!credentialQuery) throw new Error('no credential query of format ' + format);
  let held;
  if (format === 'dc+sd-jwt') {
    const decoded = await decodeSdJwt(input.sdJwt, (d) => sha256(d));
    const claims = await getClaims(decoded.jwt.payload, decoded.disclosures, (d) => sha256(d));
    held = { credential_format: 'dc+sd-jwt', vct: claims.vct, claims, cryptographic_holder_binding: true };
  } else {
    w3c = await w3cCredential();
    held = { credential_format: format, type: await expandedTypes(w3c.json), claims: w3c.json, cryptographic_holder_binding: true };
  }
  const result = DcqlQuery.query(query, [held]);
  step('evaluate_dcql', { can_be_satisfied: result.can_be_satisfied });
  out.dcql_satisfied = result.can_be_satisfied;
} catch (e) { fail('evaluate_dcql', e); }

// The W3C credential the holder has: ldp_vc as given (Satchel's issuer signed it);
// jwt_vc_json: a VC-JWT an issuer made here (a did:key, node:crypto EdDSA) from the
// same credential's content, for the same holder.
async function w3cCredential() {
  const holderKey = await didKeyPair(input.holderJwk.d);
  const credential = structuredClone(input.ldpCredential);
  if (format === 'ldp_vc') {
    if (input.mode === 'tamper') credential.credentialSubject.achievement.name += ' (edited)';
    return { json: credential, holderKey };
  }
  delete credential.proof;
  const issuerKey = await didKeyPair(b64u(randomBytes(32)));
  credential.issuer = { id: issuerKey.controller, type: ['Profile'], name: 'A training provider (test issuer)' };
  const now = Math.floor(Date.now() / 1000);
  credential.validFrom = new Date((now - 60) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  delete credential.validUntil;
  delete credential.credentialStatus;
  const payload = { iss: issuerKey.controller, sub: credential.credentialSubject.id, nbf: now - 60, iat: now - 60, jti: credential.id, vc: credential };
  let token = jws({ alg: 'EdDSA', typ: 'JWT', kid: issuerKey.id }, payload, issuerKey.jwkPrivate);
  if (input.mode === 'tamper') {
    const [h, , sig] = token.split('.');
    payload.vc.credentialSubject.achievement.name += ' (edited)';
    token = `${h}.${b64u(JSON.stringify(payload))}.${sig}`;
  }
  return { json: credential, jwt: token, holderKey };
}

// Step 4: present.
let presentation;
try {
  const aud = input.mode === 'wrong_aud' ? 'decentralized_identifier:did:web:elsewhere.example' : request.client_id;
  const nonce = input.mode === 'wrong_nonce' ? b64u(randomBytes(24)) : request.nonce;
  if (format === 'dc+sd-jwt') {
    // Disclose what each requested claim path names (its string prefix), with a KB-JWT.
    const frame = {};
    for (const claim of credentialQuery.claims ?? []) {
      const keys = [];
      for (const p of claim.path) { if (typeof p !== 'string') break; keys.push(p); }
      if (input.mode === 'omit' && keys.join('.') === input.omit) continue;
      let node = frame;
      keys.forEach((k, i) => { if (i === keys.length - 1) node[k] = true; else node = node[k] = typeof node[k] === 'object' ? node[k] : {}; });
    }
    presentation = await sdjwt.present(input.sdJwt, frame, { kb: { payload: { aud, nonce, iat: Math.floor(Date.now() / 1000) } } });
    if (input.mode === 'tamper') {
      // Change the value in one disclosure after the holder signed: the issuer's digest no longer matches.
      const parts = presentation.split('~');
      const i = parts.findIndex((p, j) => j > 0 && p && !p.includes('.'));
      const d = JSON.parse(Buffer.from(parts[i], 'base64url'));
      d[2] = typeof d[2] === 'string' ? d[2] + ' (edited)' : 'edited';
      parts[i] = b64u(JSON.stringify(d));
      presentation = parts.join('~');
    }
    step('present_sd_jwt_kb', { disclosures: presentation.split('~').length - 2 });
  } else {
    // other_holder: another key presents the credential as its own holder (not the subject);
    // forged_signer: another key signs but names the subject's key.
    let signer = w3c.holderKey;
    let holder = w3c.holderKey.controller;
    if (input.mode === 'other_holder' || input.mode === 'forged_signer') {
      signer = await didKeyPair(b64u(randomBytes(32)));
      if (input.mode === 'other_holder') holder = signer.controller;
      else { signer.id = w3c.holderKey.id; signer.controller = w3c.holderKey.controller; }
    }
    if (format === 'ldp_vc') {
      // @digitalbazaar/vc: a VP with an eddsa-rdfc-2022 proof, purpose authentication, challenge and domain.
      const vp = vc.createPresentation({ verifiableCredential: [w3c.json], holder });
      const suite = new DataIntegrityProof({ signer: signer.signer(), cryptosuite: eddsaRdfc2022 });
      presentation = await vc.signPresentation({ presentation: vp, suite, challenge: nonce, domain: aud, documentLoader });
      out.vp_proof = { type: presentation.proof.type, cryptosuite: presentation.proof.cryptosuite, proofPurpose: presentation.proof.proofPurpose };
      step('present_ldp_vp', { proof: presentation.proof.cryptosuite });
    } else {
      // A VP-JWT signed by the holder (node:crypto EdDSA): iss = holder, aud = client_id, nonce.
      const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder, verifiableCredential: [w3c.jwt] };
      presentation = jws({ alg: 'EdDSA', typ: 'JWT', kid: signer.id }, { iss: holder, aud, nonce, iat: Math.floor(Date.now() / 1000), vp }, signer.jwkPrivate);
      step('present_vp_jwt', { holder });
    }
  }
} catch (e) { fail(format === 'dc+sd-jwt' ? 'present_sd_jwt_kb' : format === 'ldp_vc' ? 'present_ldp_vp' : 'present_vp_jwt', e); }

// Step 5: build and POST the authorization response (direct_post to response_uri).
try {
  const encrypted = request.response_mode === 'direct_post.jwt';
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: { vp_token: { [credentialQuery.id]: input.mode === 'twice' ? [presentation, presentation] : [presentation] } },
    ...(encrypted ? { jarm: { encryption: { nonce: b64u(randomBytes(16)) }, serverMetadata: { authorization_encryption_alg_values_supported: ['ECDH-ES'], authorization_encryption_enc_values_supported: ['A128GCM', 'A256GCM'] } } } : {}),
  });
  step('create_response', { encrypted });
  let responseJwt = response.jarm?.responseJwt;
  if (responseJwt && input.mode === 'tamper_jwe') {
    const parts = responseJwt.split('.');
    const ct = Buffer.from(parts[3], 'base64url');
    ct[0] ^= 1;
    parts[3] = b64u(ct);
    responseJwt = parts.join('.');
  }
  const submitted = await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: response.authorizationResponsePayload,
    ...(responseJwt ? { jarm: { responseJwt } } : {}),
  });
  out.submit_status = submitted.response.status;
  out.submit_body = await submitted.response.text();
  step('submit_response', { status: out.submit_status });
} catch (e) { fail('submit_response', e); }
console.log(JSON.stringify(out));
