// OpenID for Verifiable Credential Issuance, pre-authorised code flow, run on the device
// with the wallet's own Ed25519 key (https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html).
// The only module that talks to issuers. DOM-free: the page and the service worker
// (background sync of queued offers) both use it.
//   offer → issuer metadata → token (pre-authorised code, tx_code) → nonce → proof JWT → credential

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

/** https anywhere; http only for the wallet's own server (local testing and demos). */
function safeUrl(text) {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || (u.protocol === 'http:' && u.origin === origin());
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

/** A proof of possession of the wallet's key (OID4VCI 1.0 Appendix F.1, `jwt` proof type). */
export async function proofJwt(wallet, audience, nonce) {
  const header = { alg: 'EdDSA', typ: PROOF_TYP, kid: `${wallet.did}#${wallet.did.slice('did:key:'.length)}` };
  const payload = { aud: audience, iat: Math.floor(Date.now() / 1000) };
  if (nonce) payload.nonce = nonce;
  const input = `${b64urlText(JSON.stringify(header))}.${b64urlText(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign({ name: 'Ed25519' }, wallet.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
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

/**
 * Run the pre-authorised code flow for the offer in `query`, proving possession of the
 * wallet's key. Resolves with the credentials as text (JSON or compact JWT / SD-JWT): the
 * best format first, then, with `both`, the SD-JWT VC form when the offer has one too (best effort: a
 * refusal of the second is not an error). Rejects with an OfferError.
 */
export async function receiveOfferAll(query, { wallet, txCode, lang, both = false }) {
  let { offer, uri } = parseOfferQuery(query);
  if (uri) {
    offer = await getJson(uri);
    checkOffer(offer);
  }
  const issuer = offer.credential_issuer;
  const headers = lang ? { 'Accept-Language': lang } : {};
  const metadata = await getJson(wellKnown(issuer, 'openid-credential-issuer'));
  if (!metadata.credential_endpoint || !safeUrl(metadata.credential_endpoint)) throw new OfferError('protocol');
  const configurations = chooseConfigurations(offer, metadata, both);

  const grant = offer.grants[PRE_AUTH];
  const as = grant.authorization_server || (metadata.authorization_servers || [])[0] || issuer;
  let tokenEndpoint = metadata.token_endpoint; // draft 11 issuers name it here
  if (!tokenEndpoint) tokenEndpoint = (await getJson(wellKnown(as, 'oauth-authorization-server'))).token_endpoint;
  if (!tokenEndpoint) throw new OfferError('protocol');

  const form = new URLSearchParams({ grant_type: PRE_AUTH, 'pre-authorized_code': grant['pre-authorized_code'] });
  if (grant.tx_code && txCode) form.set('tx_code', txCode);
  const token = await call(tokenEndpoint, { method: 'POST', body: form, headers });
  if (!token.res.ok || !token.body?.access_token) throw oauthError(token.res, token.body);

  let nonce = token.body.c_nonce;
  if (!nonce && metadata.nonce_endpoint) {
    const n = await call(metadata.nonce_endpoint, { method: 'POST', headers });
    nonce = n.body?.c_nonce;
  }
  const audience = metadata.credential_issuer || issuer;
  const fetchOne = async (configuration) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const body = JSON.stringify({
        credential_configuration_id: configuration,
        proof: { proof_type: 'jwt', jwt: await proofJwt(wallet, audience, nonce) },
      });
      const r = await call(metadata.credential_endpoint, {
        method: 'POST',
        body,
        headers: { ...headers, 'Content-Type': 'application/json', Authorization: `Bearer ${token.body.access_token}` },
      });
      if (r.res.ok && r.body) {
        if (r.body.c_nonce) nonce = r.body.c_nonce;
        const cred = (Array.isArray(r.body.credentials) && r.body.credentials[0]?.credential) || r.body.credential;
        if (cred && typeof cred === 'object') return JSON.stringify(cred);
        if (typeof cred === 'string' && cred) return cred;
        if (r.body.transaction_id) throw new OfferError('unsupported', { code: 'deferred' });
        throw new OfferError('protocol');
      }
      // A stale nonce: the issuer sends a fresh one with the error; try once more.
      if (attempt === 0 && r.body?.error === 'invalid_nonce' && r.body.c_nonce) {
        nonce = r.body.c_nonce;
        continue;
      }
      throw oauthError(r.res, r.body);
    }
    throw new OfferError('protocol');
  };
  const received = [await fetchOne(configurations[0])];
  for (const configuration of configurations.slice(1)) {
    try {
      // Each proof needs a fresh nonce: the first one is spent.
      if (metadata.nonce_endpoint) {
        const n = await call(metadata.nonce_endpoint, { method: 'POST', headers });
        if (n.body?.c_nonce) nonce = n.body.c_nonce;
      }
      received.push(await fetchOne(configuration));
    } catch {
      /* the first credential is what the learner accepted; the other form is a bonus */
    }
  }
  return received;
}

/** Like receiveOfferAll, with only the first (best) credential. */
export async function receiveOffer(query, options) {
  return (await receiveOfferAll(query, options))[0];
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
