// The skills passport: every skill the wallet can show, grouped by framework, each with the
// credentials that back it and how far each one can be trusted. Pure functions (no DOM, no network).
import { aggregateSkills } from './skills.js';
import { expiredOn } from './expiry.js';
import { credentialIdOf } from './identity.js';

// Strongest first: a skill reads as the strongest status among the credentials that back it.
// Self-asserted is never verified, however many entries name the skill.
export const STANDINGS = ['verified', 'could_not_check', 'self_asserted', 'expired', 'invalid'];

/** How far one record can be trusted: one of STANDINGS. */
export function standingOf(record, now = Date.now()) {
  if (record.selfAsserted) return 'self_asserted';
  const v = record.verdict || {};
  if (expiredOn(v, now)) return 'expired';
  if (v.result === 'valid') return 'verified';
  if (v.result === 'invalid') return 'invalid';
  return 'could_not_check';
}

/** The strongest of several standings. */
export const strongest = (standings) => STANDINGS.find((s) => standings.includes(s)) || 'could_not_check';

// Frameworks shown first, in this order; the others (national frameworks…) follow by name, then none.
const FIRST_FRAMEWORKS = ['esco', 'o*net'];
export const NO_FRAMEWORK = '';

function frameworkRank(key) {
  const i = FIRST_FRAMEWORKS.indexOf(key);
  return i >= 0 ? i : key === NO_FRAMEWORK ? Infinity : FIRST_FRAMEWORKS.length;
}

/**
 * The passport of `records`:
 *   groups: [{framework (as written, '' for none), skills: [{key, name, code, url, standing,
 *            backing: [{record, standing}] strongest first}]}], known frameworks first;
 *   summary: {skills, credentials (records backing at least one skill), verified (skills)}.
 */
export function buildPassport(records, now = Date.now()) {
  const standings = new Map(records.map((r) => [r, standingOf(r, now)]));
  const groups = new Map();
  const backingRecords = new Set();
  let verified = 0;
  for (const s of aggregateSkills(records)) {
    const backing = s.records
      .map((record) => ({ record, standing: standings.get(record) }))
      .sort((a, b) => STANDINGS.indexOf(a.standing) - STANDINGS.indexOf(b.standing));
    for (const b of backing) backingRecords.add(b.record);
    const standing = strongest(backing.map((b) => b.standing));
    if (standing === 'verified') verified += 1;
    const framework = (s.framework || '').trim();
    const key = framework.toLowerCase();
    if (!groups.has(key)) groups.set(key, { key, framework, skills: [] });
    groups.get(key).skills.push({ key: s.key, name: s.name, code: s.code, url: s.url, standing, backing });
  }
  const ordered = [...groups.values()].sort((a, b) => frameworkRank(a.key) - frameworkRank(b.key) || a.framework.localeCompare(b.framework));
  return {
    groups: ordered.map(({ framework, skills }) => ({ framework, skills })),
    summary: { skills: ordered.reduce((n, g) => n + g.skills.length, 0), credentials: backingRecords.size, verified },
  };
}

/** Records ticked by default on the printable page: the verified ones. */
export const defaultPrintIds = (records, now = Date.now()) => records.filter((r) => standingOf(r, now) === 'verified').map((r) => r.id);

const isHttps = (s) => typeof s === 'string' && /^https:\/\/[^\s]+$/.test(s);

/**
 * The credential's own address where anyone can check it (a hosted Open Badges 2.0 assertion,
 * or a credential whose id is an https URL), or null. A printed QR per credential encodes this.
 */
export function verificationUrlOf(record) {
  if (record.selfAsserted) return null;
  const id = credentialIdOf(record.credential);
  return isHttps(id) ? id : null;
}
