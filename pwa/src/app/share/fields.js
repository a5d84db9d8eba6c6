// Plain words for SD-JWT claim names, and claim values as short text. Shared by the share
// flow (what the learner picks) and the verifier mode (what was disclosed).
import { languageName, t } from '../../i18n/index.js';

// claim name (last path segment) → catalogue key
const LABELS = {
  sub: 'share.field.sub',
  description: 'detail.description',
  criteria: 'detail.criteria',
  learning_outcomes: 'detail.outcomes',
  assessment: 'detail.assessment',
  credits: 'share.field.credits',
  workload: 'share.field.workload',
  level: 'detail.level',
  mode: 'detail.mode',
  quality_assurance: 'detail.qa',
  prerequisites: 'detail.prerequisites',
  alignments: 'detail.alignments',
  name: 'share.field.name',
  issuer_name: 'detail.issuer',
  lang: 'detail.language',
};

/** "achievement.level" → "Level"; an unknown claim by its own name, made readable. */
export function fieldLabel(path) {
  const last = String(path).replace(/\[\d+\]$/, '').split('.').pop();
  const key = LABELS[last];
  if (key) return t(key);
  return last.replace(/[_-]+/g, ' ');
}

// claims whose value is a BCP 47 language tag
const LANGUAGE_CLAIMS = new Set(['lang', 'language', 'inLanguage']);

/** The value of the claim at `path` as plain text: a language tag by its name, the rest as plainValue. */
export function fieldText(path, v) {
  const last = String(path).replace(/\[\d+\]$/, '').split('.').pop();
  return LANGUAGE_CLAIMS.has(last) && typeof v === 'string' ? languageName(v) : plainValue(v);
}

/** A claim value as plain text: strings as they are, lists joined, objects by their name. */
export function plainValue(v) {
  if (v == null) return '';
  if (Array.isArray(v)) return v.map(plainValue).filter(Boolean).join('; ');
  if (typeof v === 'object') {
    const named = v.name || v.title || v.targetName;
    if (named) return [v.framework, v.code, named].filter(Boolean).join(' · ');
    return Object.values(v).map(plainValue).filter(Boolean).join(', ');
  }
  return String(v);
}
