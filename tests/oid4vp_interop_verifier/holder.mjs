// An independent OpenID4VP 1.0 holder against Satchel's verifier: the
// OpenWallet Foundation's @openid4vc/openid4vp (wallet side), the dcql package
// and @sd-jwt/core. Input: one JSON argument {link, sdJwt, holderJwk, mode}.
// Output: one JSON line {steps: [...], ...}; each protocol step is named so a
// failure says which step broke.
import { createHash, createPublicKey, createPrivateKey, sign, verify, randomBytes } from 'node:crypto';
import { Openid4vpClient } from '@openid4vc/openid4vp';
import { setGlobalConfig } from '@openid4vc/utils';
import { DcqlQuery } from 'dcql';
import { SDJwtInstance } from '@sd-jwt/core';
import { decodeSdJwt, getClaims } from '@sd-jwt/decode';
import { CompactEncrypt, importJWK } from 'jose';

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
let query, credentialQuery;
try {
  query = DcqlQuery.parse(resolved.dcql.query);
  DcqlQuery.validate(query);
  const decoded = await decodeSdJwt(input.sdJwt, (d) => sha256(d));
  const claims = await getClaims(decoded.jwt.payload, decoded.disclosures, (d) => sha256(d));
  const result = DcqlQuery.query(query, [{ credential_format: 'dc+sd-jwt', vct: claims.vct, claims, cryptographic_holder_binding: true }]);
  step('evaluate_dcql', { can_be_satisfied: result.can_be_satisfied });
  out.dcql_satisfied = result.can_be_satisfied;
  credentialQuery = query.credentials[0];
} catch (e) { fail('evaluate_dcql', e); }

// Step 4: present: disclose what each requested claim path names (its string prefix), with a KB-JWT.
let presentation;
try {
  const frame = {};
  for (const claim of credentialQuery.claims ?? []) {
    const keys = [];
    for (const p of claim.path) { if (typeof p !== 'string') break; keys.push(p); }
    if (input.mode === 'omit' && keys.join('.') === input.omit) continue;
    let node = frame;
    keys.forEach((k, i) => { if (i === keys.length - 1) node[k] = true; else node = node[k] = typeof node[k] === 'object' ? node[k] : {}; });
  }
  const aud = input.mode === 'wrong_aud' ? 'decentralized_identifier:did:web:elsewhere.example' : request.client_id;
  const nonce = input.mode === 'wrong_nonce' ? b64u(randomBytes(24)) : request.nonce;
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
} catch (e) { fail('present_sd_jwt_kb', e); }

// Step 5: build and POST the authorization response (direct_post to response_uri).
try {
  const encrypted = request.response_mode === 'direct_post.jwt';
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: { vp_token: { [credentialQuery.id]: [presentation] } },
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
