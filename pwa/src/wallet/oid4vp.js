// OpenID for Verifiable Presentations 1.0 as a holder (https://openid.net/specs/openid-4-verifiable-presentations-1_0.html):
// read an authorization request, evaluate its DCQL query against the wallet, and answer the
// verifier's response_uri with direct_post. Loaded lazily with the #/present screen. DOM-free.
//   request (by value) → client identifier prefix checks → DCQL matches → learner's choice
//   → vp_token {<query id>: [SD-JWT+KB]} → POST response_uri (form: vp_token, state)
// Formats: dc+sd-jwt (SD-JWT+KB: only the claims asked), ldp_vc (a VP with a Data Integrity
// proof, eddsa-jcs-2022, challenge = nonce, domain = client_id: the whole credential) and
// jwt_vc_json (a VP-JWT with nonce and aud = client_id: the whole credential).
import { b64url, b64urlJson, createPresentation, fromB64url, isSdJwt, presentSdJwt, reveal, splitSdJwt } from './present.js';
import { signJcs } from './sign.js';

/** Why a request cannot be answered. kind: malformed | unsupported | client | unreachable | refused */
export class RequestError extends Error {
  constructor(kind, detail = '') {
    super(detail || kind);
    this.kind = kind;
    this.detail = detail;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https anywhere; http only on the device's own loopback (local testing). */
export function safeUrl(text) {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  } catch {
    return false;
  }
}

function json(value, what) {
  if (value == null) return undefined;
  try {
    const v = JSON.parse(value);
    if (v && typeof v === 'object') return v;
  } catch {
    /* below */
  }
  throw new RequestError('malformed', `${what} is not a JSON object`);
}

/** The client identifier's prefix and value (`redirect_uri:https://…` → {prefix, value}). */
export function clientIdPrefix(clientId) {
  const i = clientId.indexOf(':');
  const prefix = i > 0 ? clientId.slice(0, i) : '';
  // A bare https URL is not a prefix; OpenID4VP 1.0 prefixes never contain '/' or '.'.
  if (!prefix || /[/.]/.test(prefix) || prefix === 'https' || prefix === 'http') return { prefix: 'pre-registered', value: clientId };
  return { prefix, value: clientId.slice(i + 1) };
}

/**
 * The request in a query string (`client_id=…&dcql_query=…`): checked, with who the verifier is
 * and what that rests on. Throws RequestError.
 */
export function parseRequest(query) {
  const params = new URLSearchParams(query);
  if (params.has('request') || params.has('request_uri')) throw new RequestError('malformed', 'a signed request must be resolved');
  const get = (k) => params.get(k) ?? undefined;
  const req = {
    client_id: get('client_id'),
    response_type: get('response_type'),
    response_mode: get('response_mode'),
    response_uri: get('response_uri'),
    nonce: get('nonce'),
    state: get('state'),
    dcql_query: json(get('dcql_query'), 'dcql_query'),
    client_metadata: json(get('client_metadata'), 'client_metadata') || {},
  };
  return checkRequest(req, null);
}

function checkRequest(req, signed) {
  if (typeof req.client_id !== 'string' || !req.client_id) throw new RequestError('malformed', 'client_id is missing');
  if (req.response_type !== 'vp_token') throw new RequestError('unsupported', `response_type ${req.response_type}`);
  if (typeof req.nonce !== 'string' || !req.nonce) throw new RequestError('malformed', 'nonce is missing');
  if (!req.dcql_query) throw new RequestError('unsupported', 'a request without a DCQL query');
  checkDcql(req.dcql_query);
  if (req.response_mode !== 'direct_post' && req.response_mode !== 'direct_post.jwt') throw new RequestError('unsupported', `response_mode ${req.response_mode}`);
  if (req.response_mode === 'direct_post.jwt') req.encryption = encryptionFor(req.client_metadata);
  if (!req.response_uri || !safeUrl(req.response_uri)) throw new RequestError('malformed', 'response_uri is not an https URL');
  const { prefix, value } = clientIdPrefix(req.client_id);
  let verifier;
  if (signed) {
    verifier = signed;
  } else if (prefix === 'redirect_uri') {
    // The client identifier is where the answer goes; nothing is signed, so nothing else is proven.
    if (value !== req.response_uri) throw new RequestError('client', 'the redirect_uri client identifier is not the response_uri');
    verifier = { prefix, proves: 'destination', host: new URL(req.response_uri).host };
  } else throw new RequestError('client', `client identifier prefix ${prefix}`);
  const name = typeof req.client_metadata.client_name === 'string' ? req.client_metadata.client_name.slice(0, 80) : '';
  return { ...req, verifier: { ...verifier, name } };
}

// ---- Signed request objects (request / request_uri) -----------------------------------------

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function fromBase58(text) {
  let n = 0n;
  for (const ch of text) {
    const v = B58.indexOf(ch);
    if (v < 0) throw new RequestError('client', 'not base58');
    n = n * 58n + BigInt(v);
  }
  const out = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  for (const ch of text) {
    if (ch !== '1') break;
    out.unshift(0);
  }
  return Uint8Array.from(out);
}

const JWS_ALGS = { EdDSA: { name: 'Ed25519' }, Ed25519: { name: 'Ed25519' }, ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } };

/** The public JWK a DID URL names: did:key (Ed25519) and did:jwk on the device, did:web over https. */
async function didKeyJwk(didUrl) {
  const [did, fragment] = didUrl.split('#');
  if (did.startsWith('did:key:z6Mk')) {
    const raw = fromBase58(did.slice('did:key:z'.length));
    if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) throw new RequestError('client', 'a malformed did:key');
    return { kty: 'OKP', crv: 'Ed25519', x: b64url(raw.subarray(2)) };
  }
  if (did.startsWith('did:jwk:')) return b64urlJson(did.slice('did:jwk:'.length));
  if (did.startsWith('did:web:')) {
    const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
    const url = `https://${parts[0]}/${parts.length > 1 ? `${parts.slice(1).join('/')}/did.json` : '.well-known/did.json'}`;
    let doc;
    try {
      doc = await (await fetch(url, { credentials: 'omit', cache: 'no-store' })).json();
    } catch {
      throw new RequestError('unreachable', parts[0]);
    }
    if (doc.id !== did) throw new RequestError('client', 'the DID document is for another DID');
    const m = (doc.verificationMethod || []).find((v) => v.id === didUrl || v.id === `#${fragment}`);
    if (!m) throw new RequestError('client', `${didUrl} is not in the DID document`);
    if (m.publicKeyJwk) return m.publicKeyJwk;
    if (typeof m.publicKeyMultibase === 'string' && m.publicKeyMultibase.startsWith('z6Mk')) return didKeyJwk(`did:key:${m.publicKeyMultibase}`);
    throw new RequestError('client', 'an unsupported verification method');
  }
  throw new RequestError('client', 'an unsupported DID method');
}

async function verifyJws(jwt, jwk) {
  const [h, p, s] = jwt.split('.');
  const header = b64urlJson(h);
  const alg = JWS_ALGS[header.alg];
  if (!alg || (alg.name === 'Ed25519') !== (jwk.kty === 'OKP')) throw new RequestError('client', `alg ${header.alg}`);
  let ok = false;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, alg, false, ['verify']);
    ok = await crypto.subtle.verify(alg, key, fromB64url(s), new TextEncoder().encode(`${h}.${p}`));
  } catch {
    ok = false;
  }
  if (!ok) throw new RequestError('client', 'the request object signature does not verify');
}

/**
 * Any request: by value (query parameters), or a signed request object given by value
 * (`request`) or fetched (`request_uri`, GET or POST). A signed request's signature is checked
 * with what its client identifier prefix names before anything in it is shown.
 */
export async function resolveRequest(query) {
  const params = new URLSearchParams(query);
  let jwt = params.get('request');
  const uri = params.get('request_uri');
  if (!jwt && !uri) return parseRequest(query);
  if (uri) {
    if (!safeUrl(uri)) throw new RequestError('malformed', 'request_uri is not an https URL');
    const post = params.get('request_uri_method') === 'post';
    let res;
    try {
      res = await fetch(uri, {
        method: post ? 'POST' : 'GET',
        headers: { Accept: 'application/oauth-authz-req+jwt', ...(post ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        body: post ? '' : undefined,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new RequestError('unreachable', new URL(uri).host);
    }
    if (!res.ok) throw new RequestError('unreachable', new URL(uri).host);
    jwt = (await res.text()).trim();
  }
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new RequestError(parts.length === 5 ? 'unsupported' : 'malformed', 'the request object is not a signed JWT');
  let header;
  let payload;
  try {
    header = b64urlJson(parts[0]);
    payload = b64urlJson(parts[1]);
  } catch {
    throw new RequestError('malformed', 'the request object is not a JWT');
  }
  if (header.typ !== 'oauth-authz-req+jwt') throw new RequestError('malformed', `request object typ ${header.typ}`);
  if (typeof payload.client_id !== 'string' || payload.client_id !== params.get('client_id')) {
    throw new RequestError('client', 'the client_id in the link is not the one in the signed request');
  }
  const { prefix, value } = clientIdPrefix(payload.client_id);
  let signed;
  if (prefix === 'decentralized_identifier') {
    if (typeof header.kid !== 'string' || !header.kid.startsWith(`${value}#`)) throw new RequestError('client', 'the kid is not a key of the client DID');
    await verifyJws(jwt, await didKeyJwk(header.kid));
    signed = { prefix, proves: 'did', did: value };
  } else if (prefix === 'x509_san_dns') {
    signed = { prefix, ...(await checkX509SanDns(jwt, header, value)) };
  } else if (prefix === 'redirect_uri') {
    throw new RequestError('client', 'a redirect_uri request must not be signed');
  } else throw new RequestError('client', `client identifier prefix ${prefix}`);
  const req = {
    client_id: payload.client_id,
    response_type: payload.response_type,
    response_mode: payload.response_mode,
    response_uri: payload.response_uri,
    nonce: payload.nonce,
    state: payload.state,
    dcql_query: payload.dcql_query,
    client_metadata: payload.client_metadata && typeof payload.client_metadata === 'object' ? payload.client_metadata : {},
  };
  if (typeof req.response_uri === 'string' && safeUrl(req.response_uri)) signed.host = new URL(req.response_uri).host;
  // Without trust in the certificate, the answer may only go to the domain it names.
  if (prefix === 'x509_san_dns' && (!signed.host || new URL(req.response_uri).hostname !== value)) {
    throw new RequestError('client', 'the response_uri is not on the certificate\'s domain');
  }
  return checkRequest(req, signed);
}

// ---- x509_san_dns: the leaf certificate of x5c (a small DER reader) --------------------------

function derNode(bytes, pos) {
  const tag = bytes[pos];
  let len = bytes[pos + 1];
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3) throw new RequestError('client', 'a certificate is malformed');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + bytes[start++];
  }
  const end = start + len;
  if (end > bytes.length) throw new RequestError('client', 'a certificate is malformed');
  return { tag, pos, start, end };
}

function derChildren(bytes, node) {
  const out = [];
  for (let p = node.start; p < node.end; ) {
    const child = derNode(bytes, p);
    out.push(child);
    p = child.end;
  }
  return out;
}

const SAN_OID = '551d11'; // 2.5.29.17 subjectAltName
const hex = (bytes, node) => Array.from(bytes.subarray(node.start, node.end), (b) => b.toString(16).padStart(2, '0')).join('');

function derTime(bytes, node) {
  const text = new TextDecoder().decode(bytes.subarray(node.start, node.end));
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw new RequestError('client', 'a certificate date is malformed');
  const year = m[1].length === 2 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The leaf certificate's public key (SPKI), validity and SAN dNSNames. */
export function readCertificate(der) {
  const cert = derNode(der, 0);
  const [tbs] = derChildren(der, cert);
  const fields = derChildren(der, tbs);
  const i = fields[0].tag === 0xa0 ? 1 : 0; // [0] version
  const validity = derChildren(der, fields[i + 3]);
  const spki = fields[i + 5];
  const dnsNames = [];
  const exts = fields.find((f) => f.tag === 0xa3);
  if (exts) {
    for (const ext of derChildren(der, derChildren(der, exts)[0])) {
      const parts = derChildren(der, ext);
      if (hex(der, parts[0]) !== SAN_OID) continue;
      const value = parts[parts.length - 1]; // OCTET STRING holding GeneralNames
      for (const name of derChildren(der, derNode(der, value.start))) {
        if (name.tag === 0x82) dnsNames.push(new TextDecoder().decode(der.subarray(name.start, name.end)));
      }
    }
  }
  return {
    spki: der.slice(spki.pos, spki.end),
    notBefore: derTime(der, validity[0]),
    notAfter: derTime(der, validity[1]),
    dnsNames,
  };
}

/**
 * x509_san_dns: the request object is signed by the leaf certificate's key and the certificate
 * names the client's DNS name. Satchel holds no certificate authorities, so it cannot say the
 * certificate is trustworthy: the domain is shown as "not verified" (proves: 'x509').
 */
async function checkX509SanDns(jwt, header, dns) {
  if (!Array.isArray(header.x5c) || !header.x5c.length) throw new RequestError('client', 'no x5c certificate');
  let cert;
  try {
    cert = readCertificate(Uint8Array.from(atob(header.x5c[0]), (c) => c.charCodeAt(0)));
  } catch (err) {
    throw err instanceof RequestError ? err : new RequestError('client', 'the certificate is malformed');
  }
  if (!cert.dnsNames.includes(dns)) throw new RequestError('client', `the certificate does not name ${dns}`);
  const now = Date.now();
  if (now < cert.notBefore || now > cert.notAfter) throw new RequestError('client', 'the certificate is not valid now');
  const alg = JWS_ALGS[header.alg];
  if (!alg) throw new RequestError('client', `alg ${header.alg}`);
  const [h, p, s] = jwt.split('.');
  let ok = false;
  try {
    const key = await crypto.subtle.importKey('spki', cert.spki, alg, false, ['verify']);
    ok = await crypto.subtle.verify(alg, key, fromB64url(s), new TextEncoder().encode(`${h}.${p}`));
  } catch {
    ok = false;
  }
  if (!ok) throw new RequestError('client', 'the request object signature does not verify');
  return { proves: 'x509', dns, chain: header.x5c.length };
}

const ID = /^[A-Za-z0-9_-]+$/;
function checkDcql(q) {
  const creds = q.credentials;
  if (!Array.isArray(creds) || !creds.length) throw new RequestError('malformed', 'dcql_query.credentials is empty');
  const ids = new Set();
  for (const c of creds) {
    if (!c || typeof c.id !== 'string' || !ID.test(c.id) || ids.has(c.id)) throw new RequestError('malformed', 'a DCQL credential id');
    ids.add(c.id);
    if (typeof c.format !== 'string') throw new RequestError('malformed', `DCQL credential ${c.id} has no format`);
    for (const cl of c.claims || []) {
      if (!Array.isArray(cl.path) || !cl.path.length || !cl.path.every((p) => p === null || typeof p === 'string' || (Number.isInteger(p) && p >= 0))) {
        throw new RequestError('malformed', `DCQL claim path of ${c.id}`);
      }
    }
    if (c.claim_sets && (!c.claims || !Array.isArray(c.claim_sets))) throw new RequestError('malformed', `claim_sets of ${c.id}`);
  }
  for (const s of q.credential_sets || []) {
    if (!Array.isArray(s.options) || !s.options.every((o) => Array.isArray(o) && o.every((id) => ids.has(id)))) {
      throw new RequestError('malformed', 'credential_sets');
    }
  }
}

// ---- DCQL against the wallet ---------------------------------------------------------------

/** The claim path as the share code writes it (`achievement.credits`, `outcomes[0]`); null (all elements) ends it. */
export function pathText(path) {
  let out = '';
  for (const p of path) {
    if (p === null) break;
    out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  }
  return out;
}

/** The values a DCQL claims path selects in `claims` (null: every element of an array). */
function select(node, path) {
  let nodes = [node];
  for (const p of path) {
    const next = [];
    for (const n of nodes) {
      if (p === null) {
        if (Array.isArray(n)) next.push(...n);
      } else if (typeof p === 'number') {
        if (Array.isArray(n) && p < n.length) next.push(n[p]);
      } else if (n && typeof n === 'object' && !Array.isArray(n) && Object.hasOwn(n, p)) next.push(n[p]);
    }
    nodes = next;
  }
  return nodes;
}

function claimMatches(claims, cl) {
  const found = select(claims, cl.path);
  if (!found.length) return false;
  if (!Array.isArray(cl.values)) return true;
  return found.some((v) => cl.values.some((w) => w === v));
}

/** A stored SD-JWT VC as DCQL sees it: {vct, claims (everything the learner could disclose)}, or null. */
async function sdJwtView(text) {
  if (!isSdJwt(text)) return null;
  try {
    const { jwt, disclosures } = splitSdJwt(text);
    const header = b64urlJson(jwt.split('.')[0]);
    if (header.typ !== 'dc+sd-jwt' && header.typ !== 'vc+sd-jwt') return null;
    const payload = b64urlJson(jwt.split('.')[1]);
    const { claims } = await reveal(payload, disclosures);
    return { vct: payload.vct, claims };
  } catch {
    return null;
  }
}

// Compact type names of the contexts Satchel holds, as the fully expanded IRIs DCQL's
// type_values name (the terms of the W3C VC and Open Badges 3.0 / CLR 2.0 contexts).
const VC = 'https://www.w3.org/2018/credentials#';
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
const TYPE_IRIS = {
  VerifiableCredential: `${VC}VerifiableCredential`,
  OpenBadgeCredential: `${OB}OpenBadgeCredential`,
  AchievementCredential: `${OB}OpenBadgeCredential`,
  EndorsementCredential: `${OB}EndorsementCredential`,
  ClrCredential: 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#ClrCredential',
};
const expandTypes = (types) => (Array.isArray(types) ? types : [types]).filter((x) => typeof x === 'string').map((x) => TYPE_IRIS[x] || x);

/** A stored W3C credential as DCQL sees it: {format, types, claims}, or null. */
function w3cView(text) {
  const s = String(text).trim();
  try {
    if (s.startsWith('{')) {
      const doc = JSON.parse(s);
      if (!doc.proof || !doc.type) return null;
      return { format: 'ldp_vc', types: expandTypes(doc.type), claims: doc };
    }
    const parts = s.split('.');
    if (parts.length !== 3 || s.includes('~')) return null;
    const payload = b64urlJson(parts[1]);
    const vc = payload.vc;
    if (!vc || typeof vc !== 'object') return null;
    return { format: 'jwt_vc_json', types: expandTypes(vc.type), claims: vc };
  } catch {
    return null;
  }
}

function typesMatch(meta, types) {
  const wanted = meta?.type_values;
  if (!Array.isArray(wanted)) return true;
  return wanted.some((set) => Array.isArray(set) && set.every((iri) => types.includes(iri)));
}

/** For one credential query and one credential: the claim sets it can satisfy, each a list of claims. */
function satisfiable(cq, claims) {
  const list = cq.claims || [];
  if (!list.length) return [[]];
  if (!cq.claim_sets) return list.every((cl) => claimMatches(claims, cl)) ? [list] : [];
  const byId = new Map(list.map((cl) => [cl.id, cl]));
  return cq.claim_sets
    .map((set) => set.map((id) => byId.get(id)))
    .filter((set) => set.every((cl) => cl && claimMatches(claims, cl)));
}

/**
 * Every credential query with the wallet's matching credentials:
 * [{id, format, query, required, candidates: [{record, claims, claimSets: [[claim]]}]}].
 * `required` follows credential_sets (no sets: every query is required).
 */
export async function matchQuery(dcql, records) {
  const views = new Map();
  for (const r of records) views.set(r.id, (await sdJwtView(r.credential)) || w3cView(r.credential));
  const requiredIds = new Set();
  if (!dcql.credential_sets) dcql.credentials.forEach((c) => requiredIds.add(c.id));
  else for (const s of dcql.credential_sets) if (s.required !== false) s.options.forEach((o) => o.forEach((id) => requiredIds.add(id)));
  return dcql.credentials.map((cq) => {
    const candidates = [];
    if (cq.format === 'dc+sd-jwt' || cq.format === 'vc+sd-jwt') {
      const vcts = cq.meta?.vct_values;
      for (const r of records) {
        const view = views.get(r.id);
        if (!view || view.format || (Array.isArray(vcts) && !vcts.includes(view.vct))) continue;
        const claimSets = satisfiable(cq, view.claims);
        if (claimSets.length) candidates.push({ record: r, claims: view.claims, claimSets, whole: false });
      }
    } else if (cq.format === 'ldp_vc' || cq.format === 'jwt_vc_json') {
      for (const r of records) {
        const view = views.get(r.id);
        if (!view || view.format !== cq.format || !typesMatch(cq.meta, view.types)) continue;
        const claimSets = satisfiable(cq, view.claims);
        // Nothing in these forms can be withheld: the learner sees that the whole credential goes.
        if (claimSets.length) candidates.push({ record: r, claims: view.claims, claimSets, whole: true });
      }
    }
    const multiple = cq.multiple === true;
    return { id: cq.id, format: cq.format, query: cq, required: requiredIds.has(cq.id), multiple, candidates };
  });
}

/**
 * Can the learner answer with what matched? Each credential set (or, without sets, every query)
 * needs one option whose queries all have candidates. Returns the ids to ask about, or null.
 */
export function answerable(matches, dcql) {
  const has = new Set(matches.filter((m) => m.candidates.length).map((m) => m.id));
  if (!dcql.credential_sets) return matches.every((m) => has.has(m.id)) ? matches.map((m) => m.id) : null;
  const ids = new Set();
  for (const s of dcql.credential_sets) {
    const option = s.options.find((o) => o.every((id) => has.has(id)));
    if (option) option.forEach((id) => ids.add(id));
    else if (s.required !== false) return null;
  }
  return [...ids];
}

/** Disclosure paths a claim set needs (a requested claim inside an array: the whole array). */
export function claimPaths(set) {
  return set.map((cl) => pathText(cl.path)).filter(Boolean);
}

// ---- The answer ------------------------------------------------------------------------------

const VP_CONTEXT_V2 = 'https://www.w3.org/ns/credentials/v2';

/**
 * A VP of one Data Integrity credential with the holder's eddsa-jcs-2022 proof
 * (proofPurpose authentication, challenge = nonce, domain = client_id).
 */
export async function ldpPresentation(credential, wallet, { challenge, domain }) {
  const v1 = (credential['@context'] || [])[0] === 'https://www.w3.org/2018/credentials/v1';
  const vp = {
    '@context': [v1 ? 'https://www.w3.org/2018/credentials/v1' : VP_CONTEXT_V2, ...(v1 ? ['https://w3id.org/security/data-integrity/v2'] : [])],
    type: ['VerifiablePresentation'],
    holder: wallet.did,
    verifiableCredential: [credential],
  };
  return signJcs(vp, wallet, { proofPurpose: 'authentication', challenge, domain });
}

/** The vp_token for the learner's choices: {queryId: [{record, claimSet, format}]}. */
export async function buildVpToken(request, choices, wallet) {
  const iat = Math.floor(Date.now() / 1000);
  const token = {};
  for (const [id, picks] of Object.entries(choices)) {
    token[id] = [];
    for (const { record, claimSet, format } of picks) {
      if (format === 'ldp_vc') {
        token[id].push(await ldpPresentation(JSON.parse(record.credential), wallet, { challenge: request.nonce, domain: request.client_id }));
        continue;
      }
      if (format === 'jwt_vc_json') {
        token[id].push(await createPresentation([{ text: record.credential }], wallet, { aud: request.client_id, nonce: request.nonce }));
        continue;
      }
      // Only what the chosen claim set names is disclosed (with the parents it needs).
      const paths = claimPaths(claimSet);
      token[id].push(await presentSdJwt(record.credential, paths, wallet, { aud: request.client_id, nonce: request.nonce, iat }));
    }
  }
  return token;
}

// ---- direct_post.jwt: the response encrypted to the verifier (JWE, ECDH-ES + AES-GCM) ----------

const ENCS = { A128GCM: 128, A256GCM: 256 };

/** The verifier's P-256 key from client_metadata.jwks and the content encryption it accepts. */
function encryptionFor(meta) {
  const keys = Array.isArray(meta.jwks?.keys) ? meta.jwks.keys : [];
  const jwk = keys.find((k) => k && k.kty === 'EC' && k.crv === 'P-256' && typeof k.x === 'string' && typeof k.y === 'string' && (!k.use || k.use === 'enc') && (!k.alg || k.alg === 'ECDH-ES'));
  if (!jwk) throw new RequestError('unsupported', 'no P-256 ECDH-ES key in client_metadata.jwks');
  const offered = Array.isArray(meta.encrypted_response_enc_values_supported) ? meta.encrypted_response_enc_values_supported : ['A128GCM'];
  const enc = offered.find((e) => e in ENCS);
  if (!enc) throw new RequestError('unsupported', `content encryption ${offered.join(', ')}`);
  return { jwk, enc };
}

const u32 = (n) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
const withLength = (bytes) => concat(u32(bytes.length), bytes);
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

/** A compact JWE (ECDH-ES direct key agreement, RFC 7518 §4.6; Concat KDF with SHA-256). */
export async function encryptResponse(payload, { jwk, enc }) {
  const bits = ENCS[enc];
  const curve = { name: 'ECDH', namedCurve: 'P-256' };
  const theirs = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, curve, false, []);
  const mine = await crypto.subtle.generateKey(curve, true, ['deriveBits']);
  const z = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: theirs }, mine.privateKey, 256));
  const epk = await crypto.subtle.exportKey('jwk', mine.publicKey);
  const header = { alg: 'ECDH-ES', enc, epk: { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y }, ...(jwk.kid ? { kid: jwk.kid } : {}) };
  const te = new TextEncoder();
  const otherInfo = concat(withLength(te.encode(enc)), withLength(new Uint8Array(0)), withLength(new Uint8Array(0)), u32(bits));
  const derived = new Uint8Array(await crypto.subtle.digest('SHA-256', concat(u32(1), z, otherInfo))).subarray(0, bits / 8);
  const cek = await crypto.subtle.importKey('raw', derived, { name: 'AES-GCM' }, false, ['encrypt']);
  const protectedHeader = b64url(te.encode(JSON.stringify(header)));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(protectedHeader), tagLength: 128 }, cek, te.encode(JSON.stringify(payload))),
  );
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return `${protectedHeader}..${b64url(iv)}.${b64url(ciphertext)}.${b64url(tag)}`;
}

async function post(request, form, withState = true) {
  if (withState && request.state) form.set('state', request.state);
  let res;
  try {
    res = await fetch(request.response_uri, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new RequestError('unreachable', new URL(request.response_uri).host);
  }
  let body = {};
  try {
    body = await res.json();
  } catch {
    /* an empty answer is fine */
  }
  if (!res.ok) throw new RequestError('refused', typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : String(body.error || res.status));
  return { redirect: typeof body.redirect_uri === 'string' && /^https:\/\//.test(body.redirect_uri) ? body.redirect_uri : null };
}

/** Send the presentations (direct_post, or direct_post.jwt encrypted). Resolves {redirect}; throws RequestError. */
export async function sendResponse(request, choices, wallet) {
  const vpToken = await buildVpToken(request, choices, wallet);
  if (request.encryption) {
    const payload = { vp_token: vpToken, ...(request.state ? { state: request.state } : {}) };
    return post(request, new URLSearchParams({ response: await encryptResponse(payload, request.encryption) }), false);
  }
  return post(request, new URLSearchParams({ vp_token: JSON.stringify(vpToken) }));
}

/** Tell the verifier the learner said no (access_denied). Best effort. */
export async function sendDecline(request) {
  return post(request, new URLSearchParams({ error: 'access_denied', error_description: 'The holder declined.' }));
}
