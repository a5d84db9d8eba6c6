// #/restore on the welcome screen: bring a wallet back from the account's backup or a wallet file.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n/index.js';
import * as engine from '../../../backup/engine.js';
import { errorText } from './errors.js';
import { ImportFile } from './ImportFile.jsx';

export function Restore({ onRestored }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [signedIn, setSignedIn] = useState(false);

  const attempt = async (fn) => {
    setBusy(true);
    setError('');
    try {
      await fn();
    } catch (e) {
      if (e.code === 'need_code' || e.code === 'no_prf') setNeedCode(true);
      else setError(errorText(e));
      setBusy(false);
    }
  };

  const signIn = () =>
    attempt(async () => {
      if (!signedIn) {
        await engine.signIn();
        setSignedIn(true);
      }
      await onRestored(await engine.restoreFromAccount(null));
    });

  const withCode = (e) => {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') || '');
    attempt(async () => {
      if (!signedIn) {
        await engine.signIn();
        setSignedIn(true);
      }
      await onRestored(await engine.restoreFromAccount(code));
    });
  };

  return (
    <section class="welcome" data-testid="restore" aria-labelledby="restore-title">
      <h1 id="restore-title">{t('backup.restore.title')}</h1>
      <p>{t('backup.restore.intro')}</p>
      <h2>{t('backup.restore.fromAccount')}</h2>
      {!needCode && (
        <p class="tools">
          <button type="button" class="primary" data-testid="restore-signin" disabled={busy} onClick={signIn}>
            {t('backup.restore.signin')}
          </button>
          <button type="button" class="secondary" data-testid="restore-use-code" disabled={busy} onClick={() => setNeedCode(true)}>
            {t('backup.restore.useCode')}
          </button>
        </p>
      )}
      {needCode && (
        <form onSubmit={withCode} noValidate>
          <p class="hint">{t(signedIn ? 'backup.restore.needCode' : 'backup.restore.codeHint')}</p>
          <p class="field">
            <label for="restore-code">{t('backup.code.label')}</label>
            <input id="restore-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} dir="ltr" data-testid="restore-code" aria-describedby={error ? 'restore-error' : undefined} />
          </p>
          <button type="submit" class="primary" data-testid="restore-submit" disabled={busy}>
            {t('backup.restore.submit')}
          </button>
        </form>
      )}
      {busy && <p class="hint" aria-busy="true">{t('backup.opening')}</p>}
      {error && (
        <p role="alert" class="error" id="restore-error" data-testid="restore-error">
          {error}
        </p>
      )}
      <ImportFile onImported={onRestored} />
      <p>
        <a href="#/" data-testid="restore-back">
          {t('backup.restore.back')}
        </a>
      </p>
    </section>
  );
}
