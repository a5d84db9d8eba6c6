// UI strings live in catalogue files next to this module (en.json, zh-Hans.json, …).
// Adding a language is adding a catalogue: build.mjs lists the files into
// __SATCHEL_LANGS__ and esbuild splits each non-default catalogue into its own
// lazily loaded chunk. Each catalogue carries "lang", "dir" (ltr|rtl) and "name".
import en from './en.json';

/** @type {{code: string, name: string, dir: string}[]} */
export const LANGUAGES = __SATCHEL_LANGS__;
export const DEFAULT_LANG = 'en';
const STORAGE_KEY = 'satchel.lang';

let current = en;

/**
 * Translate `key`, filling `{name}` placeholders from `vars`. Falls back to English.
 * A plural message is stored as `<key>.<category>` (the CLDR categories the language
 * uses: en "one" and "other", zh "other"); `vars.count`, a number, picks the form
 * through Intl.PluralRules and is shown formatted for the language.
 */
export function t(key, vars) {
  if (!(key in current || key in en) && (`${key}.other` in current || `${key}.other` in en)) {
    return plural(key, vars || {});
  }
  let s = current[key] ?? en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/**
 * A verdict check's reason in the current language: its template `reason.<code>`
 * (from wallet_core/i18n, merged in at build time) filled with its params, where a
 * param `<x>_code` names a phrase that fills `{x}`, and the code `join` lists several
 * reasons (see wallet_core/reasons.py). Checks without a code (older records) keep
 * their English `reason`.
 */
export function reasonText(check) {
  if (!check) return '';
  const text = fillReason(check.code, check.params || {});
  return text === null ? check.reason : text;
}

// The template `code` filled with `params`: a placeholder `{x}` with a param `x_code`
// is that phrase, which sees every param but its own code (so phrases nest).
function fillReason(code, params) {
  const key = `reason.${code}`;
  if (!code || !(key in current || key in en)) return null;
  if (code === 'join') return fillJoin(params);
  const vars = { ...params };
  for (const [, name] of (current[key] ?? en[key]).matchAll(/\{(\w+)\}/g)) {
    const ref = `${name}_code`;
    if (!(ref in params)) continue;
    const rest = { ...params };
    delete rest[ref];
    const phrase = fillReason(params[ref], rest);
    if (phrase === null) return null;
    vars[name] = phrase;
  }
  return t(key, vars);
}

// A list of reasons (wallet_core reasons.join): "count", then "<i>.code" and "<i>.<name>".
function fillJoin(params) {
  const parts = [];
  for (let i = 0; i < Number(params.count); i++) {
    const own = {};
    for (const [k, v] of Object.entries(params)) if (k.startsWith(`${i}.`)) own[k.slice(`${i}.`.length)] = v;
    const text = fillReason(own.code, own);
    if (text === null) return null;
    parts.push(text);
  }
  return parts.join(t('reason.join'));
}

/** Credits with their unit in the current language; an issuer's own words ("5 ECTS") as they are. */
export function creditsText(value) {
  if (value == null || value === '') return '';
  const text = String(value);
  // " credits": how records verified before the unit was translated carry it
  const number = /^(\d{1,9}(?:\.\d{1,6})?)(?: credits)?$/.exec(text);
  return number ? t('detail.creditsValue', { count: Number(number[1]) }) : text;
}

/** An Open Badges achievement type (MicroCredential, ext:WorkExperience) in the current language, else as it is. */
export function achievementTypeText(type) {
  if (!type) return '';
  const key = `achievementType.${String(type).replace(/^ext:/, '')}`;
  return key in current || key in en ? t(key) : type;
}

export function currentLang() {
  return current.lang;
}

/** A BCP 47 language tag as its name in the UI language ("zh-Hans": 简体中文); else as it is. */
export function languageName(tag) {
  try {
    const name = new Intl.DisplayNames([current.lang], { type: 'language' }).of(tag);
    return name && name !== tag ? name : tag;
  } catch {
    return tag; // not a well-formed tag, or no Intl.DisplayNames
  }
}

/** Best catalogue for a list of BCP 47 tags (navigator.languages). */
export function matchLanguage(tags) {
  const codes = LANGUAGES.map((l) => l.code);
  for (const raw of tags || []) {
    let loc;
    try {
      loc = new Intl.Locale(raw).maximize(); // zh-TW → zh-Hant-TW, zh → zh-Hans-CN
    } catch {
      continue;
    }
    const candidates = [
      `${loc.language}-${loc.script}-${loc.region}`,
      `${loc.language}-${loc.script}`,
      `${loc.language}-${loc.region}`,
      loc.language,
    ];
    const hit = candidates.find((c) => codes.includes(c));
    if (hit) return hit;
  }
  return DEFAULT_LANG;
}

export function initialLanguage() {
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage may be blocked; fall through */
  }
  if (saved && LANGUAGES.some((l) => l.code === saved)) return saved;
  return matchLanguage(navigator.languages || [navigator.language]);
}

/** Load a catalogue, make it current and set <html lang dir>. */
export async function setLanguage(code, remember = false) {
  if (!LANGUAGES.some((l) => l.code === code)) code = DEFAULT_LANG;
  current = code === DEFAULT_LANG ? en : (await import(`./${code}.json`)).default;
  const root = document.documentElement;
  root.lang = current.lang;
  root.dir = current.dir === 'rtl' ? 'rtl' : 'ltr';
  document.title = t('app.name');
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, code);
    } catch {
      /* not fatal: the choice lasts this session */
    }
  }
  return code;
}

const pluralRules = new Map();
function pluralCategory(lang, n) {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

function plural(key, vars) {
  const n = Number(vars.count);
  // the language's own forms first; the English ones where it has none
  const [table, lang] = `${key}.other` in current ? [current, current.lang] : [en, en.lang];
  const form = `${key}.${pluralCategory(lang, n)}`;
  const text = table[form] ?? table[`${key}.other`];
  const shown = typeof vars.count === 'number' ? { ...vars, count: formatNumber(vars.count) } : vars;
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in shown ? String(shown[k]) : m));
}

// Intl formatters are costly to build: one per language and style.
const formatters = new Map();
function formatter(kind, options) {
  const key = `${current.lang}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    f = kind === 'number' ? new Intl.NumberFormat(current.lang, options) : new Intl.DateTimeFormat(current.lang, options);
    formatters.set(key, f);
  }
  return f;
}

/** Localised date (no time) for an ISO 8601 string; the raw text if it does not parse. */
export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return formatter('date', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function formatDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso || '');
  return formatter('datetime', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(n) {
  return formatter('number', {}).format(n);
}
