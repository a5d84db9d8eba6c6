// Progress along an issuer's pathways (stackable qualifications): which required
// achievements the wallet holds. Pure functions (no DOM, no network).
import { b64urlJson } from './identity.js';

/** `…/issuer/achievements/<slug>/v3` → `…/issuer/achievements/<slug>/`: any version counts. */
export const unversioned = (id) => String(id || '').replace(/\/v\d+\/?$/, '/');

const asList = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);

/** The credential document inside a record's credential text (JSON, or a JWT's `vc` claim / payload). */
function documentOf(text) {
  const s = String(text || '').trim();
  try {
    if (s.startsWith('{')) return JSON.parse(s);
    const parts = s.split('~')[0].split('.');
    if (parts.length !== 3) return null;
    const payload = b64urlJson(parts[1]);
    return payload.vc || payload;
  } catch {
    return null;
  }
}

/** Unversioned achievement ids a stored credential is for. */
export function achievementIdsOf(record) {
  const doc = documentOf(record.credential);
  if (!doc) return [];
  return asList(doc.credentialSubject)
    .flatMap((s) => asList(s && s.achievement))
    .map((a) => (typeof a === 'string' ? a : a && a.id))
    .filter((id) => typeof id === 'string')
    .map(unversioned);
}

/** Records that count: issued by someone else and not found invalid (revoked, tampered, expired). */
const counts = (r) => !r.selfAsserted && r.verdict && r.verdict.result !== 'invalid';

/**
 * For each pathway: its steps {id, slug, record?} (the held credential, if any) and the count held.
 * `pathways` is the issuer's list (docs/api.md, GET /api/v1/issuer/pathways).
 */
export function pathwayProgress(pathways, records) {
  const held = new Map();
  for (const r of records) {
    if (!counts(r)) continue;
    for (const id of achievementIdsOf(r)) if (!held.has(id)) held.set(id, r);
  }
  return pathways.map((p) => {
    const steps = asList(p.requires).map((req) => ({ ...req, record: held.get(unversioned(req.id)) || null }));
    return { pathway: p, steps, held: steps.filter((s) => s.record).length, total: steps.length };
  });
}

/** The text for `lang` from a {lang: text} map (or a plain string), falling back to English, then any. */
export function localised(value, lang) {
  if (!value || typeof value !== 'object') return value || '';
  return value[lang] ?? value[String(lang).split('-')[0]] ?? value.en ?? Object.values(value)[0] ?? '';
}
