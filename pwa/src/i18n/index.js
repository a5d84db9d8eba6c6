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

/** Translate `key`, filling `{name}` placeholders from `vars`. Falls back to English. */
export function t(key, vars) {
  let s = current[key] ?? en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/**
 * A verdict check's reason in the current language: its template `reason.<code>`
 * (from wallet_core/i18n, merged in at build time) filled with its params, where a
 * param `<x>_code` names a phrase that fills `{x}`. Checks without a code (older
 * records, reasons without a template) keep their English `reason`.
 */
export function reasonText(check) {
  const known = (code) => code && (`reason.${code}` in current || `reason.${code}` in en);
  if (!check || !known(check.code)) return check ? check.reason : '';
  const params = check.params || {};
  const vars = { ...params };
  for (const [k, v] of Object.entries(params)) {
    if (!k.endsWith('_code')) continue;
    if (!known(v)) return check.reason;
    vars[k.slice(0, -5)] = t(`reason.${v}`, params);
  }
  return t(`reason.${check.code}`, vars);
}

export function currentLang() {
  return current.lang;
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
