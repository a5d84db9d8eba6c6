// The verifier mode's check of a presentation on this phone: the same rule set as
// wallet_core/presentations (decision D6 in docs/architecture.md), the same checks and the same
// reason codes (wallet_core/i18n, joined into the app's catalogues as reason.<code>), held to it
// by tests/vectors/presentations.json. A VP-JWT (usually scanned as SVP1) or an SD-JWT+KB:
//   holder_signature  VP-JWT signed by its iss (did:key / did:jwk → public key, WebCrypto), or the
//                     key binding JWT signed by cnf.jwk with sd_hash over exactly these disclosures
//   audience, nonce   against the expected audience and nonce; the in-person audience
//                     satchel:offline comes with no verifier nonce: could_not_check, never passed
//   freshness         iat required; the latest start not after now + skew; iat not older than the
//                     in-person code lifetime (15 min) + skew; the earliest end not before now - skew
//   per credential    issuer signature when the issuer key is a did:key / did:jwk (JWT, SD-JWT,
//                     eddsa-jcs-2022); dates; the SD-JWT key binding; holder binding (subject = holder
//                     DID, or cnf key = holder key). Status lists, did:web issuers and RDF-canonicalised
//                     proofs need the network: could_not_check, marked online (the server checks them).
// Checks are {check, status, code, params, online?} for the page to translate. DOM-free.
import { base58decode } from './keys.js';
import { jcsProofValid } from './sign.js';
import { b64url, b64urlJson, fromB64url, isSdJwt, OFFLINE_AUDIENCE, isQrPresentation, qrDecode, reveal, sha256b64url, splitSdJwt } from './present.js';

export const SKEW = 300; // seconds of clock difference allowed (wallet_core max_clock_skew)
export const MAX_AGE = 15 * 60; // seconds: the in-person code lifetime (wallet_core max_presentation_age)
const MAX_CREDENTIALS = 20;
const PASSED = 'passed';
const FAILED = 'failed';
const UNKNOWN = 'could_not_check';
const HOLDER_METHOD = /^did:(key|jwk):/;
const ALGS = ['EdDSA', 'ES256'];

const str = (v) => (v === undefined ? 'undefined' : typeof v === 'string' ? v : JSON.stringify(v));
const clip = (v, n = 60) => str(v).slice(0, n);
const check = (name, status, code, params = {}, online = false) => {
  const c = { check: name, status, code, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) };
  return online ? { ...c, online: true } : c;
};
const later = (name, code, params) => check(name, UNKNOWN, code, params, true);

/** The public key of a did:key (Ed25519) or did:jwk (Ed25519, P-256), resolved on the phone; null otherwise. */
export async function keyOfDid(did) {
  try {
    const bare = String(did).split('#')[0];
    if (bare.startsWith('did:key:z')) {
      const raw = base58decode(bare.slice('did:key:z'.length));
      if (raw.length !== 34 || raw[0] !== 0xed || raw[1] !== 0x01) return null;
      return { raw: raw.slice(2), key: await crypto.subtle.importKey('raw', raw.slice(2), { name: 'Ed25519' }, true, ['verify']) };
    }
    if (bare.startsWith('did:jwk:')) return keyOfJwk(b64urlJson(bare.slice('did:jwk:'.length)));
  } catch {
    return null;
  }
  return null;
}

async function keyOfJwk(jwk) {
  try {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
      return { raw: fromB64url(jwk.x), key: await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, true, ['verify']) };
    }
    if (jwk.kty === 'EC' && jwk.crv === 'P-256') {
      const key = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y }, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
      return { raw: Uint8Array.from([...fromB64url(jwk.x), ...fromB64url(jwk.y)]), key };
    }
  } catch {
    return null;
  }
  return null;
}

const sameKey = (a, b) => Boolean(a && b && a.raw.length === b.raw.length && a.raw.every((x, i) => x === b.raw[i]));

async function verifyJws(compact, alg, resolved) {
  const [h, p, s] = compact.split('.');
  const params = alg === 'EdDSA' ? { name: 'Ed25519' } : alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : null;
  if (!params || params.name !== resolved.key.algorithm.name) return false;
  try {
    return await crypto.subtle.verify(params, resolved.key, fromB64url(s), new TextEncoder().encode(`${h}.${p}`));
  } catch {
    return false;
  }
}

function jwtParts(compact) {
  const parts = compact.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWT');
  const header = b64urlJson(parts[0]);
  const payload = b64urlJson(parts[1]);
  if (!header || typeof header !== 'object' || Array.isArray(header) || !payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Error('not JSON objects');
  }
  return { header, payload };
}

const num = (v) => typeof v === 'number' && Number.isFinite(v);
const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const audOf = (v) => {
  const a = Array.isArray(v) && v.length === 1 ? v[0] : v;
  return typeof a === 'string' ? a : null;
};

// Dates: one rule, as wallet_core/validity.py. Every start (validFrom, issuanceDate, nbf, iat) and
// every end (validUntil, expirationDate, exp) that is present counts; the latest start and the
// earliest end decide, so two dates that disagree are read the strict way. A field that is
// present but not a date (an unreadable string, a NumericDate that is not a finite number in
// years 1–9999) fails: it is never skipped. null counts as absent.
const MIN_EPOCH = -62135596800; // 0001-01-01T00:00:00Z
const MAX_EPOCH = 253402300799; // 9999-12-31T23:59:59Z
const epochSeconds = (v) => (num(v) && v >= MIN_EPOCH && v <= MAX_EPOCH ? v : NaN);
function isoSeconds(v) {
  if (typeof v !== 'string' || v.trim().length < 10 || !/^\d{4}-\d{2}-\d{2}/.test(v.trim())) return NaN;
  let text = v.trim();
  // a date-time with no zone is UTC (as in wallet_core), not the phone's local time
  if (/T[\d:.]+$/i.test(text)) text += 'Z';
  return Date.parse(text) / 1000;
}
const isoField = (obj, name) => [name, obj?.[name], isoSeconds];
const epochField = (obj, name) => [name, obj?.[name], epochSeconds];
const START = ['validFrom', 'issuanceDate'];
const END = ['validUntil', 'expirationDate'];

/** {start, end} as {t, name, text} (the latest start, the earliest end), or {bad: {name, value}}. */
export function decideDates(starts, ends) {
  let start = null;
  let end = null;
  for (const [isStart, fields] of [[true, starts], [false, ends]]) {
    for (const [name, value, read] of fields) {
      if (value === undefined || value === null) continue;
      const t = read(value);
      if (!Number.isFinite(t)) return { bad: { name, value } };
      const text = typeof value === 'string' ? value : iso(t);
      if (isStart && (!start || t > start.t)) start = { t, name, text };
      if (!isStart && (!end || t < end.t)) end = { t, name, text };
    }
  }
  return { start, end };
}

function datesCheck(starts, ends, now) {
  const d = decideDates(starts, ends);
  if (d.bad) return check('validity', FAILED, 'validity.bad_date', { field: d.bad.name, value: clip(d.bad.value, 80) });
  const since = d.start ? { from: d.start.text, from_field: d.start.name } : {};
  const until = d.end ? { until: d.end.text, until_field: d.end.name } : {};
  if (d.start && d.end && d.end.t < d.start.t) return check('validity', FAILED, 'validity.inverted', { ...since, ...until });
  if (d.start && d.start.t > now + SKEW) return check('validity', FAILED, 'validity.not_yet', since);
  if (d.end && d.end.t < now - SKEW) return check('validity', FAILED, 'validity.expired', until);
  const code = d.start ? (d.end ? 'validity.from_until' : 'validity.from_no_expiry') : d.end ? 'validity.until_no_start' : 'validity.no_dates';
  return check('validity', PASSED, code, { ...since, ...until });
}

/** The presentation's own dates (decision D6); iat, the signing time, is required. */
function freshnessCheck(claims, vp, now) {
  const iat = epochSeconds(claims.iat);
  if (!Number.isFinite(iat)) return check('freshness', FAILED, 'presentation.no_iat');
  const d = decideDates(
    [epochField(claims, 'iat'), epochField(claims, 'nbf'), ...START.map((n) => isoField(vp, n))],
    [epochField(claims, 'exp'), ...END.map((n) => isoField(vp, n))],
  );
  if (d.bad) return check('freshness', FAILED, 'presentation.bad_date', { field: d.bad.name, value: clip(d.bad.value, 40) });
  if (d.start.t > now + SKEW) {
    if (d.start.name === 'iat') return check('freshness', FAILED, 'presentation.future', { iat: iso(iat) });
    return check('freshness', FAILED, 'presentation.not_yet', { from: d.start.text, from_field: d.start.name });
  }
  if (iat < now - MAX_AGE - SKEW) return check('freshness', FAILED, 'presentation.too_old', { iat: iso(iat), minutes: MAX_AGE / 60 });
  if (d.end && d.end.t < now - SKEW) return check('freshness', FAILED, 'presentation.expired', { until: d.end.text, until_field: d.end.name });
  if (d.end && d.end.t < d.start.t) return check('freshness', FAILED, 'presentation.inverted', { until: d.end.text, from: d.start.text });
  return check('freshness', PASSED, 'presentation.fresh', { iat: iso(iat) });
}

function audienceCheck(claims, opts) {
  if (opts.audience == null) return check('audience', UNKNOWN, 'presentation.audience_not_expected');
  const got = audOf(claims.aud);
  if (got === opts.audience) return check('audience', PASSED, 'presentation.audience_match', { audience: got });
  return check('audience', FAILED, 'presentation.audience_other', { audience: clip(claims.aud), expected: opts.audience });
}

function nonceCheck(claims, opts) {
  if (opts.nonce == null) {
    return check('nonce', UNKNOWN, opts.audience === OFFLINE_AUDIENCE ? 'presentation.nonce_in_person' : 'presentation.nonce_not_expected');
  }
  return claims.nonce === opts.nonce ? check('nonce', PASSED, 'presentation.nonce_match') : check('nonce', FAILED, 'presentation.nonce_other');
}

const contextChecks = (claims, vp, opts, now) => [audienceCheck(claims, opts), nonceCheck(claims, opts), freshnessCheck(claims, vp, now)];

function statusCheck(declared) {
  return declared ? later('status', 'offline.status_online') : check('status', PASSED, 'status.none');
}

const KEY_DID = (did) => ({ how_code: 'key.did', method: did.startsWith('did:jwk:') ? 'did:jwk' : 'did:key' });

/** Issuer signature of a JWT (VC-JWT or the SD-JWT's issuer JWT) when the issuer is a did:key / did:jwk. */
async function jwtIssuerCheck(compact, header, payload, sd) {
  const iss = typeof payload.iss === 'string' ? payload.iss : typeof header.kid === 'string' ? header.kid.split('#')[0] : '';
  const mismatch = sd ? check('proof', FAILED, 'proof.sd_jwt_mismatch') : check('proof', FAILED, 'proof.jwt_mismatch', { alg: clip(header.alg) });
  if (!HOLDER_METHOD.test(iss)) return later('proof', 'offline.issuer_online', { issuer: iss || '?' });
  if (typeof header.kid === 'string' && !header.kid.startsWith('#') && header.kid.split('#')[0] !== iss) return mismatch;
  const key = await keyOfDid(iss);
  if (!key) return later('proof', 'offline.issuer_online', { issuer: iss });
  if (!(await verifyJws(compact, header.alg, key))) return mismatch;
  return sd ? check('proof', PASSED, 'proof.sd_jwt_valid', KEY_DID(iss)) : check('proof', PASSED, 'proof.jwt_valid', { alg: header.alg, ...KEY_DID(iss) });
}

/** eddsa-jcs-2022 with a did:key issuer can be checked offline; other proofs need the server. */
async function dataIntegrityCheck(doc) {
  const proof = doc.proof;
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : doc.issuer?.id;
  if (!proof || Array.isArray(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') {
    return later('proof', 'offline.proof_online');
  }
  const vm = String(proof.verificationMethod || '');
  if (!vm.startsWith('did:key:') || vm.split('#')[0] !== issuer) return later('proof', 'offline.issuer_online', { issuer: issuer || '?' });
  const mismatch = check('proof', FAILED, 'proof.mismatch', { suite: 'eddsa-jcs-2022' });
  const key = await keyOfDid(vm);
  if (!key || !(await jcsProofValid(doc, key.key))) return mismatch;
  return check('proof', PASSED, 'proof.valid', { suite: 'eddsa-jcs-2022', ...KEY_DID(vm) });
}

function bindingBySubject(subject, holder) {
  if (!holder) return check('holder_binding', FAILED, 'holder_binding.unidentified');
  if (!subject) return check('holder_binding', FAILED, 'holder_binding.no_subject');
  if (subject === holder) return check('holder_binding', PASSED, 'holder_binding.subject_match', { holder });
  return check('holder_binding', FAILED, 'holder_binding.subject_other', { subject, holder });
}

async function checkJson(doc, holder, now) {
  const subject = Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject;
  const ach = subject?.achievement || {};
  const issuer = doc.issuer || {};
  return {
    kind: 'json',
    name: doc.name || ach.name,
    issuer: typeof issuer === 'string' ? issuer : issuer.name || issuer.id,
    selfAsserted: Boolean(subject?.id) && (typeof issuer === 'string' ? issuer : issuer.id) === subject.id,
    claims: { description: ach.description, criteria: ach.criteria?.narrative, level: ach.educationalLevel?.name ?? ach.educationalLevel, credits: ach.creditsAvailable },
    checks: [
      await dataIntegrityCheck(doc),
      datesCheck(START.map((n) => isoField(doc, n)), END.map((n) => isoField(doc, n)), now),
      statusCheck(doc.credentialStatus),
    ],
    binding: bindingBySubject(subject?.id, holder),
  };
}

async function checkJwt(text, holder, now) {
  const { header, payload } = jwtParts(text);
  const vc = payload.vc && typeof payload.vc === 'object' ? payload.vc : payload;
  const subject = Array.isArray(vc.credentialSubject) ? vc.credentialSubject[0] : vc.credentialSubject;
  const issuer = vc.issuer || payload.iss;
  return {
    kind: 'jwt',
    name: vc.name || subject?.achievement?.name,
    issuer: typeof issuer === 'string' ? issuer : issuer?.name || issuer?.id,
    selfAsserted: Boolean(payload.sub || subject?.id) && (typeof issuer === 'string' ? issuer : issuer?.id) === (payload.sub || subject?.id),
    claims: { description: subject?.achievement?.description },
    checks: [
      await jwtIssuerCheck(text, header, payload, false),
      datesCheck(
        [...START.map((n) => isoField(vc, n)), epochField(payload, 'nbf'), epochField(payload, 'iat')],
        [...END.map((n) => isoField(vc, n)), epochField(payload, 'exp')],
        now,
      ),
      statusCheck(vc.credentialStatus),
    ],
    binding: bindingBySubject(payload.sub || subject?.id, holder),
  };
}

/** The key binding JWT's own signature and sd_hash (the SD-JWT+KB's holder_signature). */
async function kbSignature(jwt, disclosures, kb, cnf) {
  if (!cnf) return check('holder_signature', FAILED, 'presentation.no_cnf');
  const k = jwtParts(kb);
  if (k.header.typ !== 'kb+jwt') return check('holder_signature', FAILED, 'presentation.kb_typ');
  if (!(await verifyJws(kb, k.header.alg, cnf))) return check('holder_signature', FAILED, 'presentation.kb_signature');
  if (k.payload.sd_hash !== (await sha256b64url(`${[jwt, ...disclosures].join('~')}~`))) return check('holder_signature', FAILED, 'presentation.sd_hash');
  return check('holder_signature', PASSED, 'presentation.kb_signed');
}

/** The key binding as a check of the credential, as wallet_core's SD-JWT VC verifier reads it:
 * signed, covering these disclosures, dated, and for the expected audience and nonce. */
async function kbCredentialCheck(jwt, disclosures, kb, cnf, opts, now) {
  const signed = await kbSignature(jwt, disclosures, kb, cnf);
  if (signed.status !== PASSED) return { ...signed, check: 'holder_binding' };
  const claims = jwtParts(kb).payload;
  const iat = epochSeconds(claims.iat);
  const bad = (v) => v !== undefined && v !== null && !Number.isFinite(epochSeconds(v));
  const nbf = claims.nbf ?? iat;
  if (!Number.isFinite(iat) || bad(claims.nbf) || bad(claims.exp) || Math.max(iat, nbf) > now + SKEW || iat < now - MAX_AGE - SKEW || (claims.exp != null && claims.exp < now - SKEW)) {
    return check('holder_binding', FAILED, 'presentation.kb_dates');
  }
  if ((opts.audience != null && claims.aud !== opts.audience) || (opts.nonce != null && claims.nonce !== opts.nonce)) {
    return check('holder_binding', FAILED, 'presentation.kb_other');
  }
  if (opts.audience == null || opts.nonce == null) return check('holder_binding', UNKNOWN, 'presentation.kb_unbound');
  return check('holder_binding', PASSED, 'presentation.kb_signed');
}

async function checkSdJwt(text, holder, holderKey, opts, now) {
  const { jwt, disclosures, kb } = splitSdJwt(text);
  const { header, payload } = jwtParts(jwt);
  let claims = {};
  let items = [];
  let proof = await jwtIssuerCheck(jwt, header, payload, true);
  try {
    ({ claims, items } = await reveal(payload, disclosures));
  } catch {
    proof = check('proof', FAILED, 'offline.bad_disclosure');
  }
  const cnf = payload.cnf?.jwk ? await keyOfJwk(payload.cnf.jwk) : null;
  const checks = [
    proof,
    datesCheck(
      [epochField(payload, 'nbf'), epochField(payload, 'iat'), epochField(claims, 'nbf'), epochField(claims, 'iat')],
      [epochField(payload, 'exp'), epochField(claims, 'exp')],
      now,
    ),
    statusCheck(payload.status),
  ];
  if (kb) checks.push(await kbCredentialCheck(jwt, disclosures, kb, cnf, opts, now));
  else if (opts.requireKb) checks.push(check('holder_binding', FAILED, 'holder_binding.no_kb_jwt'));
  // Holder binding in a VP-JWT: the cnf key is the key of the holder who signed the VP
  // (no cnf: the disclosed sub names the holder).
  let binding;
  if (!holderKey) binding = check('holder_binding', FAILED, 'holder_binding.unidentified');
  else if (payload.cnf?.jwk && cnf) binding = sameKey(cnf, holderKey) ? check('holder_binding', PASSED, 'holder_binding.cnf_match') : check('holder_binding', FAILED, 'holder_binding.cnf_other');
  else binding = bindingBySubject(typeof claims.sub === 'string' ? claims.sub : null, holder);
  return {
    kind: 'sd-jwt',
    name: claims.name || claims.achievement?.name,
    issuer: claims.issuer_name || payload.iss,
    disclosed: items.map((it) => ({ path: it.path, name: it.name, value: it.value })),
    checks,
    binding,
    cnf,
  };
}

export function overall(statuses) {
  if (statuses.includes(FAILED)) return 'invalid';
  if (statuses.includes(UNKNOWN)) return 'could_not_check';
  return 'valid';
}

export const resultOf = (cred) => overall([...cred.checks, cred.binding].map((c) => c.status));

const finish = (fmt, holder, claims, checks, credentials, nowMs) => ({
  ok: true,
  format: fmt,
  holder,
  aud: audOf(claims.aud),
  nonce: typeof claims.nonce === 'string' ? claims.nonce : null,
  iat: claims.iat,
  checks,
  credentials,
  result: overall([...checks.map((c) => c.status), ...credentials.map((c) => (c.result === 'valid' ? PASSED : c.result === 'invalid' ? FAILED : UNKNOWN))]),
  checkedAt: new Date(nowMs).toISOString(),
});

const NOT_PRESENTATION = { ok: false, reason: 'verifier.notPresentation' };

async function checkVpJwt(text, opts, now, nowMs) {
  const { header, payload } = jwtParts(text);
  const vp = payload.vp;
  if (!vp || typeof vp !== 'object' || Array.isArray(vp)) return NOT_PRESENTATION;
  let entries = vp.verifiableCredential;
  if (typeof entries === 'string' || (entries && typeof entries === 'object' && !Array.isArray(entries))) entries = [entries];
  if (!Array.isArray(entries) || !entries.length || entries.length > MAX_CREDENTIALS) return NOT_PRESENTATION;
  const holder = typeof payload.iss === 'string' ? payload.iss : null;
  const signature = await vpSignature(text, header, payload, vp, holder);
  const holderKey = signature.status === PASSED ? await keyOfDid(holder) : null;
  const checks = [signature, ...contextChecks(payload, vp, opts, now)];
  const credentials = [];
  for (const entry of entries) {
    let c;
    try {
      if (entry && typeof entry === 'object') c = { ...(await checkJson(entry, holderKey ? holder : null, now)) };
      // the key binding of an SD-JWT inside the VP is made for this same presentation (its aud, nonce)
      else if (isSdJwt(entry)) c = await checkSdJwt(entry, holder, holderKey, { audience: audOf(payload.aud), nonce: typeof payload.nonce === 'string' ? payload.nonce : null }, now);
      else c = await checkJwt(String(entry), holderKey ? holder : null, now);
    } catch {
      c = { kind: 'unknown', checks: [check('format', FAILED, 'offline.unreadable')], binding: check('holder_binding', FAILED, 'offline.unreadable') };
    }
    credentials.push({ ...c, result: resultOf(c) });
  }
  return finish('vp-jwt', holder, payload, checks, credentials, nowMs);
}

/** A VP-JWT's holder_signature: signed by its iss (which vp.holder, when given, repeats). */
async function vpSignature(text, header, payload, vp, holder) {
  if (vp.holder !== undefined && vp.holder !== null && vp.holder !== holder) {
    return check('holder_signature', FAILED, 'presentation.holder_not_signer', { vp_holder: clip(vp.holder), holder: clip(holder) });
  }
  if (!holder) return check('holder_signature', FAILED, 'presentation.no_holder');
  if (!ALGS.includes(header.alg)) return check('holder_signature', FAILED, 'presentation.bad_alg', { alg: clip(header.alg), accepted: ALGS.join(', ') });
  if (!HOLDER_METHOD.test(holder)) return check('holder_signature', FAILED, 'presentation.holder_method', { holder: clip(holder, 40) });
  const kid = header.kid;
  if (kid !== undefined && !(typeof kid === 'string' && (kid.startsWith('#') || kid.split('#')[0] === holder))) {
    return check('holder_signature', FAILED, 'presentation.other_key', { kid: clip(kid), holder });
  }
  const key = await keyOfDid(holder);
  if (!key) return check('holder_signature', FAILED, 'presentation.key_unusable', { error: 'the key type is not supported' });
  if (!(await verifyJws(text, header.alg, key))) return check('holder_signature', FAILED, 'presentation.signature_mismatch');
  return check('holder_signature', PASSED, 'presentation.holder_signed', { holder });
}

async function checkSdJwtKb(text, opts, now, nowMs) {
  const { jwt, disclosures, kb } = splitSdJwt(text);
  if (!kb) return NOT_PRESENTATION;
  const kbClaims = jwtParts(kb).payload;
  jwtParts(jwt);
  const c = await checkSdJwt(text, null, null, { ...opts, requireKb: true }, now);
  const signature = await kbSignature(jwt, disclosures, kb, c.cnf);
  const checks = [signature, ...contextChecks(kbClaims, null, opts, now)];
  c.binding = signature.status === PASSED ? check('holder_binding', PASSED, 'holder_binding.cnf_presented') : check('holder_binding', FAILED, 'holder_binding.cnf_not_presented');
  const holder = c.cnf ? await holderOfSdJwt(c, text) : null;
  delete c.cnf;
  return finish('sd-jwt-kb', holder, kbClaims, checks, [{ ...c, result: resultOf(c) }], nowMs);
}

/** The disclosed sub when it is a did:key / did:jwk of the cnf key, else a did:jwk of that key (as wallet_core). */
async function holderOfSdJwt(c, text) {
  const sub = c.disclosed.find((d) => d.path === 'sub')?.value ?? jwtParts(splitSdJwt(text).jwt).payload.sub;
  if (typeof sub === 'string' && HOLDER_METHOD.test(sub) && sameKey(await keyOfDid(sub), c.cnf)) return sub;
  const jwk = jwtParts(splitSdJwt(text).jwt).payload.cnf.jwk;
  const pub = jwk.kty === 'EC' ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
  return `did:jwk:${b64url(new TextEncoder().encode(JSON.stringify(pub)))}`;
}

/**
 * Check a presentation (SVP1:…, a VP-JWT or an SD-JWT+KB) on this phone.
 * `options`: {now (ms), audience (default satchel:offline), nonce (default none)}; a number is `now`.
 * Resolves with {ok: true, format, holder, aud, nonce, iat, checks, credentials, result, checkedAt}
 * or {ok: false, reason}.
 */
export async function checkPresentation(scanned, options = {}) {
  const opts = typeof options === 'number' ? { now: options } : options;
  const nowMs = opts.now ?? Date.now();
  const expect = { audience: opts.audience === undefined ? OFFLINE_AUDIENCE : opts.audience, nonce: opts.nonce ?? null };
  const now = nowMs / 1000;
  let text;
  try {
    text = isQrPresentation(scanned) ? await qrDecode(scanned) : scanned.trim();
    if (text.includes('~')) return await checkSdJwtKb(text, expect, now, nowMs);
    return await checkVpJwt(text, expect, now, nowMs);
  } catch {
    return NOT_PRESENTATION;
  }
}
