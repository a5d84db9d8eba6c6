// The learner's record as a file (decision D29): a W3C VerifiablePresentation (VCDM 2.0) of the
// chosen credentials exactly as held, signed by the wallet (eddsa-jcs-2022, proofPurpose
// authentication, no challenge or domain: a file, not an answer to a verifier):
//   @context  [credentials/v2]   (SatchelRecord and openBadges2 are terms of its issuer-dependent
//             @vocab: an inline context would be signed the same, but verifiers that compare a
//             proof's contexts by identity, as Digital Bazaar's eddsa-jcs-2022 does, refuse one)
//   type      [VerifiablePresentation, SatchelRecord]
//   id        urn:uuid:…   (JSON Resume entries link to <id>#credential-<n>, <id>#openbadge-<n>)
//   holder    the wallet's did:key
//   verifiableCredential  JSON-LD credentials (self-asserted entries too) as objects; VC-JWTs and
//             SD-JWT VCs as EnvelopedVerifiableCredential with a data: URL
//             (data:application/vc+jwt,<jwt>, data:application/dc+sd-jwt,<sd-jwt>)
//   openBadges2  Open Badges 2.0 assertions (not verifiable credentials), each as held, as text:
//             the assertion's JSON or its signed JWS
// DOM-free; no network.
import { keyOfDid } from './checkvp.js';
import { isSdJwt } from './present.js';
import { jcsProofValid, signJcs } from './sign.js';

export const VC2 = 'https://www.w3.org/ns/credentials/v2';
export const RECORD_TYPE = 'SatchelRecord';
export const RECORD_CONTEXT = [VC2];
const ENVELOPED = 'EnvelopedVerifiableCredential';
const MEDIA = { jwt: 'application/vc+jwt', sdJwt: 'application/dc+sd-jwt' };
/** A record file larger than this is refused before it is read. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

const typesOf = (doc) => (Array.isArray(doc?.type) ? doc.type : [doc?.type]).filter((x) => typeof x === 'string');
const isOb2 = (record) => String(record.verdict?.format || '').startsWith('ob2');
const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** How one held credential is carried: {kind: 'vc' | 'ob2', value}. */
export function carried(record) {
  const text = String(record.credential || '').trim();
  const json = text.startsWith('{') ? parseJson(text) : undefined;
  if (isOb2(record) || (json && !typesOf(json).includes('VerifiableCredential'))) return { kind: 'ob2', value: text };
  if (json) return { kind: 'vc', value: json };
  const media = isSdJwt(text) ? MEDIA.sdJwt : MEDIA.jwt;
  return { kind: 'vc', value: { '@context': VC2, id: `data:${media},${text}`, type: ENVELOPED } };
}

/**
 * Where each record sits in the record file: {record: '#credential-<n>' | '#openbadge-<n>'}
 * (n from 1, in the order given), as a Map keyed by the record.
 */
export function fragments(records) {
  const out = new Map();
  let vc = 0;
  let ob2 = 0;
  for (const r of records) out.set(r, carried(r).kind === 'ob2' ? `#openbadge-${++ob2}` : `#credential-${++vc}`);
  return out;
}

export const newRecordId = () => `urn:uuid:${crypto.randomUUID()}`;

/** The signed record (a JSON object) of `records` (stored wallet records), in their order. */
export async function buildRecord(records, wallet, id = newRecordId()) {
  const vcs = [];
  const ob2 = [];
  for (const r of records) {
    const { kind, value } = carried(r);
    (kind === 'ob2' ? ob2 : vcs).push(value);
  }
  const vp = { '@context': RECORD_CONTEXT, id, type: ['VerifiablePresentation', RECORD_TYPE], holder: wallet.did, verifiableCredential: vcs };
  if (ob2.length) vp.openBadges2 = ob2;
  return signJcs(vp, wallet, { proofPurpose: 'authentication' });
}

/** Is this parsed JSON a Satchel record (whatever its proof says)? */
export const isRecord = (doc) => Boolean(doc && typeof doc === 'object' && !Array.isArray(doc) && typesOf(doc).includes('VerifiablePresentation') && typesOf(doc).includes(RECORD_TYPE));

/** The record in `text`, or null when the text is not one. */
export function readRecord(text) {
  const s = String(text || '').trim();
  if (!s.startsWith('{')) return null;
  const doc = parseJson(s);
  return isRecord(doc) ? doc : null;
}

/**
 * Check the holder's signature over the whole record. Resolves {ok: true, holder} or
 * {ok: false, code}: 'proof' (missing, not one eddsa-jcs-2022 proof for authentication),
 * 'holder' (signed by another key than the holder's did:key) or 'signature' (altered).
 */
export async function verifyRecord(doc) {
  const proof = doc.proof;
  const holder = typeof doc.holder === 'string' ? doc.holder : doc.holder?.id;
  if (!proof || Array.isArray(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022' || proof.proofPurpose !== 'authentication') {
    return { ok: false, code: 'proof' };
  }
  const signer = String(proof.verificationMethod || '').split('#')[0];
  if (!holder || signer !== holder || !holder.startsWith('did:key:')) return { ok: false, code: 'holder' };
  const key = await keyOfDid(holder);
  if (!key || !(await jcsProofValid(doc, key.key))) return { ok: false, code: 'signature' };
  return { ok: true, holder };
}

/** A self-asserted entry: issued by its own subject, signed by that DID (eddsa-jcs-2022). */
export const isSelfAsserted = (vc) => {
  const issuer = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.id;
  const subject = Array.isArray(vc.credentialSubject) ? null : vc.credentialSubject?.id;
  return Boolean(issuer && issuer === subject && issuer.startsWith('did:key:') && vc.proof?.cryptosuite === 'eddsa-jcs-2022');
};

/** Does a self-asserted entry's own proof verify with its issuer's did:key? */
export async function entryValid(vc) {
  const issuer = typeof vc.issuer === 'string' ? vc.issuer : vc.issuer.id;
  if (String(vc.proof.verificationMethod || '').split('#')[0] !== issuer) return false;
  const key = await keyOfDid(issuer);
  return Boolean(key) && (await jcsProofValid(vc, key.key));
}

/**
 * What a verified record carries, in order: [{text, entry}] where `text` is the credential as held
 * (JSON text, compact JWT / SD-JWT, or an Open Badges 2.0 assertion) and `entry` is the parsed
 * self-asserted credential, or null for everything the server verifies.
 */
export function recordItems(doc) {
  const items = [];
  const vcs = doc.verifiableCredential === undefined ? [] : [].concat(doc.verifiableCredential);
  for (const vc of vcs) {
    if (vc && typeof vc === 'object' && typesOf(vc).includes(ENVELOPED) && typeof vc.id === 'string' && vc.id.startsWith('data:')) {
      let text;
      try {
        text = dataUrlText(vc.id);
      } catch {
        text = vc.id; // a damaged data: URL: the server refuses it as it is
      }
      items.push({ text, entry: null });
    } else if (vc && typeof vc === 'object') {
      items.push({ text: JSON.stringify(vc), entry: isSelfAsserted(vc) ? vc : null });
    } else if (typeof vc === 'string') items.push({ text: vc, entry: null });
  }
  for (const badge of [].concat(doc.openBadges2 || [])) {
    items.push({ text: typeof badge === 'string' ? badge : JSON.stringify(badge), entry: null });
  }
  return items;
}

/** The body of a data: URL (percent-decoded; base64 when it says so). */
function dataUrlText(url) {
  const comma = url.indexOf(',');
  const head = url.slice(5, comma);
  const body = url.slice(comma + 1);
  if (/;base64$/i.test(head)) return new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
  return decodeURIComponent(body);
}
