import { useState } from 'preact/hooks';
import { saveWallet } from '../../db.js';
import { t } from '../../i18n/index.js';
import { createWalletKeys, ed25519Supported } from '../../wallet/keys.js';
import { LanguageSelect } from './LanguageSelect.jsx';

export function Welcome({ onCreated, lang, onLang }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const create = async () => {
    setBusy(true);
    setError('');
    try {
      if (!ed25519Supported()) throw new Error(t('welcome.unsupported'));
      const wallet = await createWalletKeys();
      await saveWallet(wallet);
      // Ask the browser not to evict the wallet under storage pressure.
      navigator.storage?.persist?.().catch(() => {});
      onCreated(wallet);
    } catch (e) {
      const unsupported = e && (e.name === 'NotSupportedError' || e.message === t('welcome.unsupported'));
      setError(unsupported ? t('welcome.unsupported') : t('welcome.failed', { reason: e?.message || e }));
      setBusy(false);
    }
  };

  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t('welcome.title')}</h1>
      <p>{t('welcome.body')}</p>
      <p>{t('welcome.keys')}</p>
      <button type="button" class="primary" data-testid="create-wallet" onClick={create} disabled={busy}>
        {busy ? t('welcome.creating') : t('welcome.create')}
      </button>
      <p>
        <a href="#/restore" class="button secondary" data-testid="restore-open">
          {t('backup.restore.open')}
        </a>
      </p>
      <LanguageSelect lang={lang} onLang={onLang} />
      <p>
        <a href="#/verify" data-testid="verify-open">
          {t('verifier.open')}
        </a>
      </p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
