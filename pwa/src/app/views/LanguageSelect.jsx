import { LANGUAGES, t } from '../../i18n/index.js';

export function LanguageSelect({ lang, onLang, id = 'language' }) {
  if (LANGUAGES.length < 2) return null;
  return (
    <p class="field">
      <label for={id}>{t('lang.label')}</label>
      <select id={id} data-testid="language" value={lang} onChange={(e) => onLang(e.currentTarget.value)}>
        {LANGUAGES.map((l) => (
          <option value={l.code} lang={l.code} key={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </p>
  );
}
