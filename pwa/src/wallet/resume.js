// The learner's record as a JSON Resume document (jsonresume.org schema v1.0.0), decision D29.
// Each entry links to its verification: the credential's own https id when it has one (an
// Open Badges 2.0 hosted assertion), else its place in the verifiable record file made with it
// (`<record id>#credential-<n>`, `#openbadge-<n>`; see record.js). Skills come from alignments.
// DOM-free; no network.
import { fragments } from './record.js';
import { aggregateSkills } from './skills.js';

export const RESUME_SCHEMA = 'https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json';

const EDUCATION = new Set([
  'AssociateDegree', 'BachelorDegree', 'Course', 'CoCurricular', 'Degree', 'Diploma', 'DoctoralDegree', 'Fieldwork',
  'GeneralEducationDevelopment', 'LearningProgram', 'MasterDegree', 'MicroCredential', 'ProfessionalDoctorate',
  'ResearchDoctorate', 'SecondarySchoolDiploma',
]);

/** A JSON Resume date (YYYY-MM-DD) from an ISO date or date-time, or undefined. */
const day = (iso) => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined);

/** Only the fields that have a value (JSON Resume has no nulls). */
const present = (entry) => Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== null && v !== ''));

/** The https id of the credential as held, when it has one. */
function httpsId(record) {
  const text = String(record.credential || '').trim();
  if (!text.startsWith('{')) return null;
  try {
    const id = JSON.parse(text).id;
    return typeof id === 'string' && /^https:\/\//.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The section and entry one wallet record becomes. `typeLabel(achievementType)` names a type. */
function entryOf(record, url, typeLabel) {
  const d = record.verdict?.display || {};
  const issuer = d.issuer_name || record.verdict?.issuer?.name || d.issuer_id || record.verdict?.issuer?.id;
  const type = String(d.achievement_type || '').replace(/^ext:/, '');
  if (record.selfAsserted) {
    const dates = { startDate: day(d.start), endDate: day(d.end) };
    if (type === 'work') return ['work', { name: d.organisation, position: d.name, ...dates, summary: d.description, url }];
    if (type === 'volunteering') return ['volunteer', { organization: d.organisation, position: d.name, ...dates, summary: d.description, url }];
    return ['projects', { name: d.name, entity: d.organisation, description: d.description, ...dates, url }];
  }
  const date = day(d.issued);
  if (EDUCATION.has(type)) return ['education', { institution: issuer, area: d.name, studyType: typeLabel(type), endDate: date, url }];
  if (type === 'Award') return ['awards', { title: d.name, date, awarder: issuer, summary: d.description, url }];
  if (type === 'CommunityService') return ['volunteer', { organization: issuer, position: d.name, endDate: date, summary: d.description, url }];
  return ['certificates', { name: d.name, date, issuer, url }];
}

/**
 * The JSON Resume document of `records` (in the order of the record file `recordId`).
 * `name`: the learner's name when they gave one; `typeLabel`: an achievement type in words.
 */
export function jsonResume(records, { recordId, name = '', typeLabel = (x) => x, now = new Date() }) {
  const where = fragments(records);
  const out = { $schema: RESUME_SCHEMA, basics: present({ name: name.trim() }) };
  for (const r of records) {
    const [section, entry] = entryOf(r, httpsId(r) || `${recordId}${where.get(r)}`, typeLabel);
    (out[section] ||= []).push(present(entry));
  }
  const skills = aggregateSkills(records).map((s) =>
    present({ name: s.name, keywords: [s.framework, s.code].filter(Boolean) }),
  );
  if (skills.length) out.skills = skills;
  out.meta = { version: 'v1.0.0', lastModified: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return out;
}
