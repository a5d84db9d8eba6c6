// The verifier mode's offline check of a presentation (a VP-JWT, usually scanned as SVP1):
// what a phone can check with no network, the rest marked "check when online".
//   holder_signature  the VP-JWT is signed by its iss (did:key / did:jwk → public key, WebCrypto)
//   freshness         iat present; the latest of iat/nbf not in the future, the earliest exp not passed
//   audience, nonce   an in-person QR names the audience satchel:offline and carries a nonce made on
//                     the holder's phone: there is no verifier nonce, so a replay is not ruled out
//   per credential    issuer signature when the issuer key is a did:key / did:jwk (JWT, SD-JWT,
//                     eddsa-jcs-2022); dates; holder binding (subject = holder DID, or cnf key =
//                     holder key, with the SD-JWT key binding JWT checked); status lists, did:web
//                     issuers and RDF-canonicalised proofs need the network: could_not_check, online.
// Reasons are [catalogue key, values] for the page to translate. DOM-free.
import { jcs } from './sign.js';
import { b64url, b64urlJson, fromB64url, isSdJwt, qrDecode, QR_PREFIX, reveal, sha256b64url, splitSdJwt } from './present.js';

const SKEW = 300; // seconds of clock difference allowed
const PASSED = 'passed';
const FAILED = 'failed';
const UNKNOWN = 'could_not_check';

const check = (name, status, key, vars, online = false) => ({ check: name, status, reason: [key, vars || {}], online });
const later = (name, key = 'verifier.r.online', vars) => check(name, UNKNOWN, key, vars, true);

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58decode(text) {
  const bytes = [];
  for (const ch of text) {
    let carry = B58.indexOf(ch);
    if (carry < 0) throw new Error('not base58');
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

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
  return { header: b64urlJson(parts[0]), payload: b64urlJson(parts[1]) };
}

const num = (v) => typeof v === 'number' && Number.isFinite(v);
const iso = (s) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

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

/** {start, end} as {t, name} (the latest start, the earliest end), or {bad: field name}. */
export function decideDates(starts, ends) {
  let start = null;
  let end = null;
  for (const [isStart, fields] of [[true, starts], [false, ends]]) {
    for (const [name, value, read] of fields) {
      if (value === undefined || value === null) continue;
      const t = read(value);
      if (!Number.isFinite(t)) return { bad: name };
      if (isStart && (!start || t > start.t)) start = { t, name };
      if (!isStart && (!end || t < end.t)) end = { t, name };
    }
  }
  return { start, end };
}

function datesCheck(starts, ends, now) {
  const d = decideDates(starts, ends);
  if (d.bad) return check('validity', FAILED, 'verifier.r.badDate', { field: d.bad });
  if (d.start && d.end && d.end.t < d.start.t) return check('validity', FAILED, 'verifier.r.inverted', { from: iso(d.start.t), until: iso(d.end.t) });
  if (d.start && d.start.t > now + SKEW) return check('validity', FAILED, 'verifier.r.notYet', { date: iso(d.start.t) });
  if (d.end && d.end.t < now - SKEW) return check('validity', FAILED, 'verifier.r.expired', { date: iso(d.end.t) });
  if (d.end) return check('validity', PASSED, 'verifier.r.validUntil', { date: iso(d.end.t) });
  return check('validity', PASSED, 'verifier.r.noExpiry');
}

/** A key binding JWT: iat present, and by the same rule neither in the future nor expired. */
function kbDatesOk(kb, now) {
  if (!Number.isFinite(epochSeconds(kb.iat))) return false;
  const d = decideDates([epochField(kb, 'iat'), epochField(kb, 'nbf')], [epochField(kb, 'exp')]);
  return !d.bad && d.start.t <= now + SKEW && !(d.end && d.end.t < now - SKEW);
}

/** The presentation's own dates by the same rule; iat (the signing time) is required. */
function freshnessCheck(payload, vp, now) {
  if (!Number.isFinite(epochSeconds(payload.iat))) return check('freshness', FAILED, 'verifier.r.noIat');
  const d = decideDates(
    [epochField(payload, 'iat'), epochField(payload, 'nbf'), ...START.map((n) => isoField(vp, n))],
    [epochField(payload, 'exp'), ...END.map((n) => isoField(vp, n))],
  );
  if (d.bad) return check('freshness', FAILED, 'verifier.r.badDate', { field: d.bad });
  if (d.start.t > now + SKEW) {
    return d.start.name === 'iat' ? check('freshness', FAILED, 'verifier.r.future') : check('freshness', FAILED, 'verifier.r.vpNotYet', { date: iso(d.start.t) });
  }
  if (d.end && d.end.t < now - SKEW) return check('freshness', FAILED, 'verifier.r.vpExpired', { date: iso(d.end.t) });
  return check('freshness', PASSED, 'verifier.r.signedAt', { date: iso(payload.iat) });
}

function statusCheck(declared) {
  return declared ? later('status', 'verifier.r.statusOnline') : check('status', PASSED, 'verifier.r.noStatus');
}

/** Issuer signature of a JWT (VC-JWT or the SD-JWT's issuer JWT) when the issuer is a did:key / did:jwk. */
async function jwtIssuerCheck(compact, header, payload) {
  const iss = typeof payload.iss === 'string' ? payload.iss : typeof header.kid === 'string' ? header.kid.split('#')[0] : '';
  if (!/^did:(key|jwk):/.test(iss)) return later('proof', 'verifier.r.issuerOnline', { issuer: iss || '?' });
  if (typeof header.kid === 'string' && !header.kid.startsWith('#') && header.kid.split('#')[0] !== iss) {
    return check('proof', FAILED, 'verifier.r.badSignature');
  }
  const key = await keyOfDid(iss);
  if (!key) return later('proof', 'verifier.r.issuerOnline', { issuer: iss });
  return (await verifyJws(compact, header.alg, key)) ? check('proof', PASSED, 'verifier.r.signedBy', { issuer: iss }) : check('proof', FAILED, 'verifier.r.badSignature');
}

/** eddsa-jcs-2022 with a did:key issuer can be checked offline; other proofs need the server. */
async function dataIntegrityCheck(doc) {
  const proof = doc.proof;
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : doc.issuer?.id;
  if (!proof || Array.isArray(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') {
    return later('proof', 'verifier.r.proofOnline');
  }
  const vm = String(proof.verificationMethod || '');
  if (!vm.startsWith('did:key:') || vm.split('#')[0] !== issuer) return later('proof', 'verifier.r.issuerOnline', { issuer: issuer || '?' });
  const key = await keyOfDid(vm);
  if (!key || typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z')) return check('proof', FAILED, 'verifier.r.badSignature');
  const { proofValue, ...config } = proof;
  const { proof: _p, ...unsigned } = doc;
  const hash = async (v) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jcs(v))));
  const data = new Uint8Array(64);
  data.set(await hash({ ...config, '@context': doc['@context'] }), 0);
  data.set(await hash(unsigned), 32);
  let ok = false;
  try {
    ok = await crypto.subtle.verify({ name: 'Ed25519' }, key.key, base58decode(proofValue.slice(1)), data);
  } catch {
    ok = false;
  }
  return ok ? check('proof', PASSED, 'verifier.r.signedBy', { issuer }) : check('proof', FAILED, 'verifier.r.badSignature');
}

function bindingBySubject(subject, holder) {
  if (!subject) return check('holder_binding', FAILED, 'verifier.r.noSubject');
  return subject === holder ? check('holder_binding', PASSED, 'verifier.r.bound') : check('holder_binding', FAILED, 'verifier.r.notBound', { subject });
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
      await jwtIssuerCheck(text, header, payload),
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

async function checkSdJwt(text, holder, holderKey, vp, now) {
  const { jwt, disclosures, kb } = splitSdJwt(text);
  const { header, payload } = jwtParts(jwt);
  let claims = {};
  let items = [];
  let proof = await jwtIssuerCheck(jwt, header, payload);
  try {
    ({ claims, items } = await reveal(payload, disclosures));
  } catch {
    proof = check('proof', FAILED, 'verifier.r.badDisclosure');
  }
  // Holder binding: the key binding JWT is signed by the cnf key, covers these disclosures and
  // this presentation (aud, nonce), and the cnf key is the key of the holder who signed the VP.
  let binding;
  const cnf = await (payload.cnf?.jwk ? keyOfJwk(payload.cnf.jwk) : null);
  if (!cnf) binding = check('holder_binding', FAILED, 'verifier.r.noCnf');
  else if (!kb) binding = check('holder_binding', FAILED, 'verifier.r.noKb');
  else {
    const k = jwtParts(kb);
    const covered = k.payload.sd_hash === (await sha256b64url(`${[jwt, ...disclosures].join('~')}~`));
    if (k.header.typ !== 'kb+jwt' || !(await verifyJws(kb, k.header.alg, cnf)) || !covered) binding = check('holder_binding', FAILED, 'verifier.r.badKb');
    else if (k.payload.aud !== vp.aud || k.payload.nonce !== vp.nonce) binding = check('holder_binding', FAILED, 'verifier.r.kbOther');
    else if (!kbDatesOk(k.payload, now)) binding = check('holder_binding', FAILED, 'verifier.r.kbDates');
    else if (!sameKey(cnf, holderKey)) binding = check('holder_binding', FAILED, 'verifier.r.otherKey');
    else binding = check('holder_binding', PASSED, 'verifier.r.boundKey');
  }
  return {
    kind: 'sd-jwt',
    name: claims.name || claims.achievement?.name,
    issuer: claims.issuer_name || payload.iss,
    disclosed: items.map((it) => ({ path: it.path, name: it.name, value: it.value })),
    checks: [
      proof,
      datesCheck(
        [epochField(payload, 'nbf'), epochField(payload, 'iat'), epochField(claims, 'nbf'), epochField(claims, 'iat')],
        [epochField(payload, 'exp'), epochField(claims, 'exp')],
        now,
      ),
      statusCheck(payload.status),
    ],
    binding,
    // what the server is sent to check when online: the SD-JWT without the key binding (checked here)
    onlineText: `${[jwt, ...disclosures].join('~')}~`,
  };
}

export function overall(statuses) {
  if (statuses.includes(FAILED)) return 'invalid';
  if (statuses.includes(UNKNOWN)) return 'could_not_check';
  return 'valid';
}

export const resultOf = (cred) => overall([...cred.checks, cred.binding].map((c) => c.status));

/**
 * Check a scanned presentation (SVP1:… or a VP-JWT) on this phone.
 * Resolves with {ok: true, holder, aud, nonce, iat, checks, credentials, result} or {ok: false, reason}.
 */
export async function checkPresentation(scanned, nowMs = Date.now()) {
  const now = nowMs / 1000;
  let text;
  let header;
  let payload;
  try {
    text = scanned.startsWith(QR_PREFIX) ? await qrDecode(scanned) : scanned.trim();
    ({ header, payload } = jwtParts(text));
  } catch {
    return { ok: false, reason: 'verifier.r.notPresentation' };
  }
  const vp = payload.vp;
  let entries = vp && vp.verifiableCredential;
  if (typeof entries === 'string' || (entries && !Array.isArray(entries))) entries = [entries];
  if (!vp || !Array.isArray(entries) || !entries.length || entries.length > 20) return { ok: false, reason: 'verifier.r.notPresentation' };
  const holder = typeof payload.iss === 'string' ? payload.iss : null;
  const checks = [];
  let holderKey = null;
  if (!holder || (vp.holder && vp.holder !== holder)) checks.push(check('holder_signature', FAILED, 'verifier.r.noHolder'));
  else {
    const kid = typeof header.kid === 'string' ? header.kid : null;
    if (kid && !kid.startsWith('#') && kid.split('#')[0] !== holder) checks.push(check('holder_signature', FAILED, 'verifier.r.badHolderSig'));
    else {
      holderKey = await keyOfDid(holder);
      if (!holderKey) checks.push(check('holder_signature', FAILED, 'verifier.r.holderMethod'));
      else if (await verifyJws(text, header.alg, holderKey)) checks.push(check('holder_signature', PASSED, 'verifier.r.holderSigned'));
      else {
        checks.push(check('holder_signature', FAILED, 'verifier.r.badHolderSig'));
        holderKey = null;
      }
    }
  }
  checks.push(freshnessCheck(payload, vp, now));
  // No verifier nonce in person: a copy of someone else's code cannot be ruled out by the phone,
  // so this stays could_not_check and counts (never fail open); the reason asks the verifier to
  // watch it being made. Any other audience was made for someone else: failed.
  if (payload.aud === 'satchel:offline') checks.push(check('nonce', UNKNOWN, 'verifier.r.inPerson'));
  else checks.push(check('audience', FAILED, 'verifier.r.otherAudience', { aud: String(payload.aud || '') }));

  const credentials = [];
  for (const entry of entries) {
    let c;
    try {
      if (entry && typeof entry === 'object') c = { ...(await checkJson(entry, holderKey ? holder : null, now)), onlineText: JSON.stringify(entry) };
      else if (isSdJwt(entry)) c = await checkSdJwt(entry, holder, holderKey, payload, now);
      else c = { ...(await checkJwt(String(entry), holderKey ? holder : null, now)), onlineText: String(entry) };
    } catch {
      c = { kind: 'unknown', checks: [check('format', FAILED, 'verifier.r.unreadable')], binding: check('holder_binding', FAILED, 'verifier.r.unreadable'), onlineText: null };
    }
    if (!holderKey && c.binding.status === PASSED) c.binding = check('holder_binding', FAILED, 'verifier.r.badHolderSig');
    credentials.push({ ...c, result: resultOf(c) });
  }
  const all = [...checks, ...credentials.flatMap((c) => [...c.checks, c.binding])].map((c) => c.status);
  return { ok: true, holder, aud: payload.aud, nonce: payload.nonce, iat: payload.iat, checks, credentials, result: overall(all), checkedAt: new Date(nowMs).toISOString() };
}

/** Combine a credential's local check with the server's verdict (POST /api/v1/verify). */
export function withServerVerdict(cred, verdict) {
  const checks = (verdict.checks || []).filter((c) => c.check !== 'holder_binding').map((c) => ({ ...c, reason: c.reason ? ['verifier.r.server', { reason: c.reason, code: c.code, params: c.params }] : null }));
  const next = { ...cred, checks, server: true, display: verdict.display || null };
  return { ...next, result: resultOf(next) };
}

export { b64url };
