// OpenID for Verifiable Credential Issuance 1.0, pre-authorised code flow, run on the device
// with the wallet's own keys (Ed25519, or P-256 for ES256-only issuers)
// (https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html).
// The only module that talks to issuers. DOM-free: the page and the service worker
// (background sync of queued offers) both use it.
//   offer → issuer metadata (its credential_issuer must be the offer's) → token (pre-authorised
//   code, tx_code) → nonce endpoint → proof JWT in `proofs` → credential, or a transaction_id
//   → deferred credential endpoint, polled

export const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const PROOF_TYP = 'openid4vci-proof+jwt';
// Formats Satchel verifies, best first (the verifier reads each; ldp_vc carries the full OB 3.0 credential).
const FORMATS = ['ldp_vc', 'jwt_vc_json', 'jwt_vc_json-ld', 'vc+sd-jwt', 'dc+sd-jwt'];

/** A refusal or failure of the flow. kind: malformed | unsupported | offline | unreachable | oauth | protocol */
export class OfferError extends Error {
  constructor(kind, { code, description } = {}) {
    super(description || code || kind);
    this.kind = kind;
    this.code = code || kind;
    this.description = description || '';
  }
}

const origin = () => globalThis.location?.origin;

/** Parse the offer parameters (`credential_offer=…` or `credential_offer_uri=…`) into {offer} or {uri}. */
export function parseOfferQuery(query) {
  const params = new URLSearchParams(query);
  const uri = params.get('credential_offer_uri');
  const value = params.get('credential_offer');
  if (value) {
    let offer;
    try {
      offer = JSON.parse(value);
    } catch {
      throw new OfferError('malformed');
    }
    checkOffer(offer);
    return { offer };
  }
  if (uri && safeUrl(uri)) return { uri };
  throw new OfferError('malformed');
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * https anywhere; http only for the wallet's own server and for this device's loopback
 * addresses (local testing and demos: browsers count both as secure contexts).
 */
function safeUrl(text) {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || (u.protocol === 'http:' && (u.origin === origin() || LOOPBACK.includes(u.hostname)));
  } catch {
    return false;
  }
}

function checkOffer(offer) {
  if (!offer || typeof offer !== 'object' || typeof offer.credential_issuer !== 'string') {
    throw new OfferError('malformed');
  }
  if (!safeUrl(offer.credential_issuer)) throw new OfferError('malformed');
  const grant = offer.grants && offer.grants[PRE_AUTH];
  if (!grant || typeof grant['pre-authorized_code'] !== 'string') throw new OfferError('unsupported');
}

/** What the offer asks of the learner: the issuer's address and the transaction code, if any. */
export function offerSummary(offer) {
  const grant = offer.grants[PRE_AUTH];
  const tx = grant.tx_code;
  return {
    issuer: offer.credential_issuer,
    host: new URL(offer.credential_issuer).host,
    txCode: tx ? { length: Number(tx.length) || null, numeric: tx.input_mode !== 'text' } : null,
  };
}

// ---- HTTP ------------------------------------------------------------------

/** Did the request fail because we are offline, or because the issuer cannot be reached from here? */
async function networkFailure() {
  if (globalThis.navigator?.onLine === false) return new OfferError('offline');
  try {
    await fetch('/api/v1/health', { cache: 'no-store' });
  } catch {
    return new OfferError('offline');
  }
  // Our server answers, the issuer does not (down, or it does not allow browser wallets: CORS/CSP).
  return new OfferError('unreachable');
}

async function call(url, init = {}) {
  if (!safeUrl(url)) throw new OfferError('protocol', { description: `refused address ${url}` });
  let res;
  try {
    res = await fetch(url, { cache: 'no-store', credentials: 'omit', ...init, headers: { Accept: 'application/json', ...init.headers } });
  } catch {
    throw await networkFailure();
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* handled below */
  }
  return { res, body };
}

function oauthError(res, body) {
  if (body && typeof body.error === 'string') {
    return new OfferError('oauth', { code: body.error, description: body.error_description || body.message || '' });
  }
  return new OfferError('protocol', { code: `http_${res.status}` });
}

async function getJson(url) {
  const { res, body } = await call(url);
  if (!res.ok || !body || typeof body !== 'object') throw oauthError(res, body);
  return body;
}

/** RFC 8615 well-known URL for an identifier with an optional path (OID4VCI 1.0 §12.2.2). */
function wellKnown(id, name) {
  const u = new URL(id);
  const path = u.pathname.replace(/\/$/, '');
  return `${u.origin}/.well-known/${name}${path}`;
}

// ---- the flow ------------------------------------------------------------------

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const b64urlText = (s) => b64url(new TextEncoder().encode(s));

const SIGN = { EdDSA: { name: 'Ed25519' }, ES256: { name: 'ECDSA', hash: 'SHA-256' } };

/**
 * A proof of possession of one of the wallet's keys (OID4VCI 1.0 Appendix F.1, `jwt` proof type).
 * `key` is {alg, binding: 'did' | 'jwk', did, publicJwk, privateKey}: the key is named by its
 * did:key (`kid`) or given as a public JWK (`jwk`), never both. WebCrypto's ECDSA signature is
 * already r‖s, the JWS form.
 */
export async function proofJwt(key, audience, nonce) {
  const header = { alg: key.alg, typ: PROOF_TYP };
  if (key.binding === 'jwk') header.jwk = key.publicJwk;
  else header.kid = `${key.did}#${key.did.slice('did:key:'.length)}`;
  const payload = { aud: audience, iat: Math.floor(Date.now() / 1000) };
  if (nonce) payload.nonce = nonce;
  const input = `${b64urlText(JSON.stringify(header))}.${b64urlText(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign(SIGN[key.alg], key.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

/**
 * Which key and binding the configuration asks for. Algorithms: `proof_types_supported.jwt.
 * proof_signing_alg_values_supported`; EdDSA (the wallet's main key, which also signs
 * presentations) when listed, else ES256 (the P-256 key); none listed: EdDSA, as before 1.0.
 * Binding: a DID when `cryptographic_binding_methods_supported` names one (or names nothing),
 * else `jwk` when it names that. Resolves with null when the wallet has no fitting key.
 */
export async function proofKey(config, wallet, ensureP256) {
  const proofTypes = config.proof_types_supported;
  if (proofTypes && typeof proofTypes === 'object' && !proofTypes.jwt) return null;
  const algs = proofTypes?.jwt?.proof_signing_alg_values_supported;
  const listed = Array.isArray(algs) && algs.length ? algs : ['EdDSA'];
  const methods = config.cryptographic_binding_methods_supported;
  let binding = 'did';
  if (Array.isArray(methods) && methods.length) {
    if (methods.some((m) => m === 'did' || m === 'did:key' || m === 'DID')) binding = 'did';
    else if (methods.includes('jwk')) binding = 'jwk';
    else return null;
  }
  if (listed.includes('EdDSA') || listed.includes('Ed25519')) {
    const alg = listed.includes('EdDSA') ? 'EdDSA' : 'Ed25519';
    const publicJwk = binding === 'jwk' ? await crypto.subtle.exportKey('jwk', wallet.publicKey).then(({ kty, crv, x }) => ({ kty, crv, x })) : null;
    return { alg, binding, did: wallet.did, publicJwk, privateKey: wallet.privateKey };
  }
  if (listed.includes('ES256')) {
    const p256 = wallet.p256 || (ensureP256 && (await ensureP256()));
    if (!p256) return null;
    return { alg: 'ES256', binding, did: p256.did, publicJwk: p256.publicJwk, privateKey: p256.privateKey };
  }
  return null;
}

const SD_JWT_FORMATS = ['dc+sd-jwt', 'vc+sd-jwt'];

/**
 * The configurations to ask for: the best format first; when the offer also has an SD-JWT VC
 * form of the credential, that too (the learner can then disclose it field by field).
 */
function chooseConfigurations(offer, metadata, both) {
  const supported = metadata.credential_configurations_supported || {};
  const ids = offer.credential_configuration_ids || offer.credentials || [];
  const usable = ids.filter((id) => typeof id === 'string' && FORMATS.includes(supported[id]?.format));
  usable.sort((a, b) => FORMATS.indexOf(supported[a].format) - FORMATS.indexOf(supported[b].format));
  if (!usable.length) throw new OfferError('unsupported');
  const sd = both && usable.find((id) => id !== usable[0] && SD_JWT_FORMATS.includes(supported[id].format));
  return sd ? [usable[0], sd] : [usable[0]];
}

/** The credential in a (deferred) credential response, as text; null when there is none. */
function credentialOf(body) {
  const cred = (Array.isArray(body.credentials) && body.credentials[0]?.credential) || body.credential;
  if (cred && typeof cred === 'object') return JSON.stringify(cred);
  if (typeof cred === 'string' && cred) return cred;
  return null;
}

/**
 * The configuration's display name in `lang` (or the first one): 1.0 puts `display` in
 * `credential_metadata`, drafts before it at the top of the configuration. Null when none.
 */
export function configurationName(config, lang) {
  return displayName(config?.credential_metadata?.display || config?.display, lang);
}

/**
 * The name in a metadata `display` list for `lang`: its entry, else one of the same
 * language, else the first that has a name. Null when there is none.
 */
function displayName(display, lang) {
  if (!Array.isArray(display)) return null;
  const named = display.filter((d) => typeof d?.name === 'string' && d.name.trim());
  const base = (l) => String(l || '').split('-')[0].toLowerCase();
  const pick = named.find((d) => d.locale === lang) || named.find((d) => lang && base(d.locale) === base(lang)) || named[0];
  return pick ? pick.name.trim().slice(0, 200) : null;
}

/**
 * What an offer's issuer says about itself and the credential, for the offer screen: the
 * issuer's `display` name and the first offered configuration's (1.0 §12.2.4). Claims, not
 * checked facts: who signed the credential is checked after it is received.
 */
export async function offerDisplay(query, lang) {
  const offer = await resolveOffer(query);
  const metadata = await issuerMetadata(offer.credential_issuer);
  const ids = offer.credential_configuration_ids || offer.credentials || [];
  const first = typeof ids[0] === 'string' ? metadata.credential_configurations_supported?.[ids[0]] : null;
  return {
    host: new URL(offer.credential_issuer).host,
    issuerName: displayName(metadata.display, lang),
    credentialName: configurationName(first, lang),
  };
}

/** The offer in `query`, fetched first when it is given by reference. */
async function resolveOffer(query) {
  const { offer, uri } = parseOfferQuery(query);
  if (offer) return offer;
  const fetched = await getJson(uri);
  checkOffer(fetched);
  return fetched;
}

/** Seconds to wait before asking again (1.0 §9.1 `interval`), kept between 2 s and an hour. */
const intervalOf = (body) => Math.min(3600, Math.max(2, Number(body?.interval) || 5));

/** The issuer's metadata, refused unless it names the issuer the offer names (1.0 §12.2.4). */
export async function issuerMetadata(issuer) {
  const metadata = await getJson(wellKnown(issuer, 'openid-credential-issuer'));
  if (metadata.credential_issuer !== issuer) {
    throw new OfferError('protocol', {
      code: 'issuer_mismatch',
      description: `the metadata names ${String(metadata.credential_issuer)}, not ${issuer}`,
    });
  }
  for (const name of ['credential_endpoint', 'nonce_endpoint', 'deferred_credential_endpoint']) {
    if (metadata[name] !== undefined && !safeUrl(metadata[name])) throw new OfferError('protocol', { description: `refused ${name}` });
  }
  if (!metadata.credential_endpoint) throw new OfferError('protocol', { description: 'no credential_endpoint' });
  return metadata;
}

/**
 * Run the pre-authorised code flow for the offer in `query`, proving possession of a key of
 * the wallet. Resolves with the credentials as text (JSON or compact JWT / SD-JWT): the
 * best format first, then, with `both`, the SD-JWT VC form when the offer has one too (best
 * effort: a refusal of the second is not an error). When the issuer defers the first one
 * (a `transaction_id`), resolves with {pending} instead: what pollDeferred needs. Rejects with
 * an OfferError. `ensureP256` makes (and stores) the P-256 key when an issuer needs it.
 */
export async function receiveOfferAll(query, { wallet, txCode, lang, both = false, ensureP256 }) {
  const offer = await resolveOffer(query);
  const issuer = offer.credential_issuer;
  const headers = lang ? { 'Accept-Language': lang } : {};
  const metadata = await issuerMetadata(issuer);
  const configurations = chooseConfigurations(offer, metadata, both);

  const grant = offer.grants[PRE_AUTH];
  const as = grant.authorization_server || (metadata.authorization_servers || [])[0] || issuer;
  let tokenEndpoint = metadata.token_endpoint; // draft 11 issuers name it here
  if (!tokenEndpoint) tokenEndpoint = (await getJson(wellKnown(as, 'oauth-authorization-server'))).token_endpoint;
  if (!tokenEndpoint) throw new OfferError('protocol', { description: 'no token_endpoint' });

  const form = new URLSearchParams({ grant_type: PRE_AUTH, 'pre-authorized_code': grant['pre-authorized_code'] });
  if (grant.tx_code && txCode) form.set('tx_code', txCode);
  const token = await call(tokenEndpoint, { method: 'POST', body: form, headers });
  if (!token.res.ok || !token.body?.access_token) throw oauthError(token.res, token.body);
  const accessToken = token.body.access_token;

  // 1.0: the nonce comes from the nonce endpoint; before 1.0 the token response carried one.
  let nonce = null;
  const freshNonce = async () => {
    if (!metadata.nonce_endpoint) return null;
    const n = await call(metadata.nonce_endpoint, { method: 'POST', headers });
    if (!n.res.ok || typeof n.body?.c_nonce !== 'string') throw oauthError(n.res, n.body);
    return n.body.c_nonce;
  };
  nonce = metadata.nonce_endpoint ? await freshNonce() : token.body.c_nonce || null;

  const auth = { ...headers, 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` };
  const fetchOne = async (configuration) => {
    const config = metadata.credential_configurations_supported[configuration];
    const key = await proofKey(config, wallet, ensureP256);
    if (!key) throw new OfferError('unsupported', { code: 'unsupported', description: 'no proof algorithm or key binding this wallet has' });
    let staleRetried = false;
    let jwkRetried = false;
    for (;;) {
      const body = JSON.stringify({
        credential_configuration_id: configuration,
        proofs: { jwt: [await proofJwt(key, issuer, nonce)] },
      });
      const r = await call(metadata.credential_endpoint, { method: 'POST', body, headers: auth });
      nonce = null; // spent
      if (r.res.ok && r.body) {
        const cred = credentialOf(r.body);
        if (cred) return cred;
        if (typeof r.body.transaction_id === 'string' && r.body.transaction_id) {
          if (!metadata.deferred_credential_endpoint) throw new OfferError('protocol', { description: 'deferred, without a deferred_credential_endpoint' });
          return {
            pending: {
              transactionId: r.body.transaction_id,
              endpoint: metadata.deferred_credential_endpoint,
              accessToken,
              interval: intervalOf(r.body),
              issuer,
              name: configurationName(config, lang),
            },
          };
        }
        throw new OfferError('protocol', { description: 'the credential response has no credential' });
      }
      const error = r.body?.error;
      // A stale or missing nonce: ask the nonce endpoint for a fresh one, once.
      if (error === 'invalid_nonce' && !staleRetried) {
        staleRetried = true;
        nonce = (await freshNonce()) || r.body.c_nonce || null;
        if (nonce) continue;
      }
      // An issuer from before 1.0 that takes only a DID for the same key.
      if (error === 'invalid_proof' && key.binding === 'jwk' && !jwkRetried) {
        jwkRetried = true;
        key.binding = 'did';
        nonce = (await freshNonce()) || r.body.c_nonce || null;
        continue;
      }
      throw oauthError(r.res, r.body);
    }
  };
  const first = await fetchOne(configurations[0]);
  if (typeof first !== 'string') return first;
  const received = [first];
  for (const configuration of configurations.slice(1)) {
    try {
      // Each proof needs a fresh nonce: the first one is spent.
      nonce = (await freshNonce()) || nonce;
      const other = await fetchOne(configuration);
      if (typeof other === 'string') received.push(other);
    } catch {
      /* the first credential is what the learner accepted; the other form is a bonus */
    }
  }
  return received;
}

/**
 * Ask the deferred credential endpoint once (1.0 §9). Resolves with {credential} when it is
 * ready, {pending} (with the issuer's new interval) while it is not; rejects with an OfferError
 * when the issuer refuses (the transaction is then over).
 */
export async function pollDeferred(pending, { lang } = {}) {
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${pending.accessToken}` };
  if (lang) headers['Accept-Language'] = lang;
  const r = await call(pending.endpoint, { method: 'POST', headers, body: JSON.stringify({ transaction_id: pending.transactionId }) });
  if (r.res.ok && r.body) {
    const cred = credentialOf(r.body);
    if (cred) return { credential: cred };
    if (r.res.status === 202 || r.body.transaction_id) return { pending: { ...pending, interval: intervalOf(r.body) } };
    throw new OfferError('protocol', { description: 'the deferred response has no credential' });
  }
  // Drafts before 1.0 said "not yet" with an error.
  if (r.body?.error === 'issuance_pending') return { pending: { ...pending, interval: intervalOf(r.body) } };
  throw oauthError(r.res, r.body);
}

/** Like receiveOfferAll, with only the first (best) credential (or {pending}). */
export async function receiveOffer(query, options) {
  const got = await receiveOfferAll(query, options);
  return Array.isArray(got) ? got[0] : got;
}

/** The credential_issuer of an offer given by value, without network; null otherwise. */
export function offerIssuerHost(query) {
  try {
    const { offer } = parseOfferQuery(query);
    return offer ? new URL(offer.credential_issuer).host : null;
  } catch {
    return null;
  }
}
