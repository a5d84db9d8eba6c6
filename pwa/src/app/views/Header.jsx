import { LANGUAGES, t } from '../../i18n/index.js';

export function Header({ lang, onLang }) {
  return (
    <header class="bar">
      <p class="brand">
        <img src="/icons/icon.svg" alt="" width="28" height="28" />
        <span>{t('app.name')}</span>
      </p>
      {LANGUAGES.length > 1 && (
        <label class="lang">
          <span class="visually-hidden">{t('lang.label')}</span>
          <select value={lang} onChange={(e) => onLang(e.currentTarget.value)}>
            {LANGUAGES.map((l) => (
              <option value={l.code} lang={l.code} key={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </header>
  );
}
