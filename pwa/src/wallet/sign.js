// Self-asserted credentials, signed on the device with the wallet's Ed25519 key:
// a W3C VC 2.0 / Open Badges 3.0 credential with a DataIntegrityProof, eddsa-jcs-2022
// (https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022). No network.
import { base58btc, base58decode } from './keys.js';

/** JSON Canonicalization Scheme (RFC 8785) for the strings, objects and arrays we sign. */
export function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const sha256 = async (s) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));

/** The 64 bytes an eddsa-jcs-2022 signature covers: hash(proof options) ‖ hash(document). */
async function signedBytes(doc, proofOptions) {
  const data = new Uint8Array(64);
  data.set(await sha256(jcs(proofOptions)), 0);
  data.set(await sha256(jcs(doc)), 32);
  return data;
}

/**
 * Add an eddsa-jcs-2022 proof to `doc`, made with the wallet's key. `options`: further proof
 * options (proofPurpose, default assertionMethod; challenge, domain), all covered by the signature.
 * The proof carries the document's @context, as the cryptosuite's "add proof" step makes it
 * (https://www.w3.org/TR/vc-di-eddsa/#create-proof-eddsa-jcs-2022), so other verifiers hash the same options.
 */
export async function signJcs(doc, wallet, options = {}) {
  const proof = {
    ...(doc['@context'] ? { '@context': doc['@context'] } : {}),
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: `${wallet.did}#${wallet.did.slice('did:key:'.length)}`,
    proofPurpose: 'assertionMethod',
    ...options,
  };
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, wallet.privateKey, await signedBytes(doc, proof)));
  return { ...doc, proof: { ...proof, proofValue: `z${base58btc(sig)}` } };
}

const contexts = (c) => (c === undefined ? [] : [].concat(c));

/**
 * Does `doc`'s single eddsa-jcs-2022 proof verify with the Ed25519 `publicKey` (a CryptoKey)?
 * A proof with an @context must name the document's first contexts; a proof without one (as
 * Satchel signed before) covers the document's @context.
 */
export async function jcsProofValid(doc, publicKey) {
  const proof = doc && doc.proof;
  if (!proof || Array.isArray(proof) || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022') return false;
  if (typeof proof.proofValue !== 'string' || !proof.proofValue.startsWith('z')) return false;
  const { proofValue, ...options } = proof;
  const { proof: _signed, ...unsigned } = doc;
  if ('@context' in options) {
    const own = contexts(options['@context']);
    if (own.some((c, i) => jcs(c) !== jcs(contexts(doc['@context'])[i]))) return false;
    unsigned['@context'] = options['@context'];
  } else if ('@context' in doc) options['@context'] = doc['@context'];
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, base58decode(proofValue.slice(1)), await signedBytes(unsigned, options));
  } catch {
    return false;
  }
}

export const EXPERIENCE_KINDS = ['work', 'volunteering', 'life'];
export const MAX_SKILLS = 20;

/** The skills a learner typed (separated by commas, 、 or new lines), trimmed, each once. */
export function skillNames(text) {
  const seen = new Set();
  const out = [];
  for (const part of String(text || '').split(/[,，、;；\n]+/)) {
    const name = part.trim().slice(0, 120);
    if (name && !seen.has(name.toLowerCase())) {
      seen.add(name.toLowerCase());
      out.push(name);
    }
  }
  return out;
}

const KIND_TYPES = { work: 'ext:WorkExperience', volunteering: 'ext:Volunteering', life: 'ext:LifeExperience' };
const dateOf = (iso) => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : null);

/**
 * The local "verdict" of a self-asserted entry, read from its credential: nothing was verified by
 * anyone but its author (issuer = subject).
 */
export function selfAssertedVerdict(credential) {
  const subject = credential.credentialSubject || {};
  const achievement = subject.achievement || {};
  const did = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.id;
  const kind = EXPERIENCE_KINDS.find((k) => KIND_TYPES[k] === achievement.achievementType) || 'life';
  const description = achievement.description && achievement.description !== credential.name ? achievement.description : null;
  return {
    format: 'self-asserted',
    container: 'json',
    result: 'self_asserted',
    issuer: { id: did, name: null, trusted: null },
    subject: subject.id || did,
    checks: [],
    display: {
      name: credential.name || achievement.name || '',
      description,
      achievement_type: kind,
      issuer_id: did,
      issued: credential.validFrom || null,
      organisation: subject.source?.name || null,
      start: dateOf(subject.activityStartDate),
      end: dateOf(subject.activityEndDate),
      alignments: (achievement.alignment || []).map((a) => ({ name: a.targetName, code: a.targetCode || null, framework: a.targetFramework || null, url: a.targetUrl || null })),
    },
    credential: JSON.stringify(credential),
    checked_at: null,
  };
}

/**
 * A self-asserted LER entry (work experience, volunteering, life experience) as an
 * Open Badges 3.0 credential issued by the learner to themselves. An edited entry keeps its
 * credential and achievement ids (`keep`, from the version it replaces).
 */
export async function selfAssertedCredential({ kind, title, organisation, description, start, end, skills = [] }, wallet, keep = {}) {
  if (start && end && end < start) throw new Error('end date before start date');
  if (skills.length > MAX_SKILLS) throw new Error(`at most ${MAX_SKILLS} skills`);
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const achievement = {
    id: keep.achievementId || `urn:uuid:${crypto.randomUUID()}`,
    type: ['Achievement'],
    achievementType: KIND_TYPES[kind] || KIND_TYPES.life,
    name: title,
    description: description || title,
    criteria: { narrative: description || title },
    // Skills the learner names: no framework and no address, so only a name (see D28).
    ...(skills.length ? { alignment: skills.map((name) => ({ type: ['Alignment'], targetName: name })) } : {}),
  };
  const doc = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: keep.id || `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: title,
    issuer: { id: wallet.did, type: ['Profile'], name: wallet.did },
    validFrom: now,
    credentialSubject: {
      id: wallet.did,
      type: ['AchievementSubject'],
      achievement,
      ...(start ? { activityStartDate: `${start}T00:00:00Z` } : {}),
      ...(end ? { activityEndDate: `${end}T00:00:00Z` } : {}),
      ...(organisation ? { source: { id: `urn:uuid:${crypto.randomUUID()}`, type: ['Profile'], name: organisation } } : {}),
    },
  };
  return signJcs(doc, wallet);
}
