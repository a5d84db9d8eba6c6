import { useEffect, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index.js';
import { BackupSummary } from './backup/BackupSummary.jsx';
import { DidCard } from './DidCard.jsx';
import { LanguageSelect } from './LanguageSelect.jsx';

function usePersisted() {
  const [state, setState] = useState('unknown'); // unknown | persisted | not_persisted | unsupported
  useEffect(() => {
    if (!navigator.storage?.persisted) setState('unsupported');
    else navigator.storage.persisted().then((p) => setState(p ? 'persisted' : 'not_persisted'));
  }, []);
  return [state, setState];
}

export function Settings({ lang, onLang, credentials, announce, wallet }) {
  const [persist, setPersist] = usePersisted();
  const [usage, setUsage] = useState(null);
  useEffect(() => {
    navigator.storage?.estimate?.().then((e) => setUsage(e.usage)).catch(() => {});
  }, []);

  const ask = async () => {
    const granted = await navigator.storage.persist().catch(() => false);
    setPersist(granted ? 'persisted' : 'not_persisted');
    announce(granted ? t('settings.persisted') : t('settings.notGranted'));
  };

  return (
    <section data-testid="settings" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <DidCard did={wallet.did} announce={announce} />
      <h2>{t('lang.label')}</h2>
      <LanguageSelect lang={lang} onLang={onLang} id="settings-language" />
      <p class="hint">{t('settings.langHint')}</p>
      <h2>{t('settings.storage')}</h2>
      <p data-testid="persist-status" data-state={persist}>
        {t(`settings.${persist}`)}
      </p>
      {persist === 'not_persisted' && (
        <button type="button" class="secondary" data-testid="persist-storage" onClick={ask}>
          {t('settings.persist')}
        </button>
      )}
      <p class="hint">
        {t('settings.usage', {
          count: credentials.length,
          size: usage == null ? '—' : formatNumber(Math.round(usage / 1024)),
        })}
      </p>
      <BackupSummary />
      <h2>{t('record.settingsTitle')}</h2>
      <p class="hint">{t('record.settingsHint')}</p>
      <p>
        <a href="#/record" data-testid="record-open">
          {t('record.open')}
        </a>
      </p>
    </section>
  );
}
