// Self-asserted credentials, signed on the device with the wallet's Ed25519 key:
// a W3C VC 2.0 / Open Badges 3.0 credential with a DataIntegrityProof, eddsa-jcs-2022
// (https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022). No network.
import { base58btc } from './keys.js';

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

/** Add an eddsa-jcs-2022 proof to `doc`, made with the wallet's key. */
export async function signJcs(doc, wallet) {
  const proof = {
    type: 'DataIntegrityProof',
    cryptosuite: 'eddsa-jcs-2022',
    created: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    verificationMethod: `${wallet.did}#${wallet.did.slice('did:key:'.length)}`,
    proofPurpose: 'assertionMethod',
  };
  const config = { ...proof, '@context': doc['@context'] };
  const data = new Uint8Array(64);
  data.set(await sha256(jcs(config)), 0);
  data.set(await sha256(jcs(doc)), 32);
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, wallet.privateKey, data));
  return { ...doc, proof: { ...proof, proofValue: `z${base58btc(sig)}` } };
}

export const EXPERIENCE_KINDS = ['work', 'volunteering', 'life'];

/**
 * A self-asserted LER entry (work experience, volunteering, life experience) as an
 * Open Badges 3.0 credential issued by the learner to themselves. An edited entry keeps its
 * credential and achievement ids (`keep`, from the version it replaces).
 */
export async function selfAssertedCredential({ kind, title, organisation, description, start, end }, wallet, keep = {}) {
  if (start && end && end < start) throw new Error('end date before start date');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const achievement = {
    id: keep.achievementId || `urn:uuid:${crypto.randomUUID()}`,
    type: ['Achievement'],
    achievementType: `ext:${kind === 'work' ? 'WorkExperience' : kind === 'volunteering' ? 'Volunteering' : 'LifeExperience'}`,
    name: title,
    description: description || title,
    criteria: { narrative: description || title },
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
