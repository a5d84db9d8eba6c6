import { useState } from 'preact/hooks';
import { t } from '../../../i18n/index.js';
import { importFile } from '../../../backup/engine.js';
import { errorText } from './errors.js';

/** Open a .satchel wallet file with its recovery code. Nothing is written unless it opens completely. */
export function ImportFile({ onImported, replacing }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!file || !file.size) {
      setError(t('backup.error.no_file'));
      return;
    }
    setBusy(true);
    setError('');
    try {
      const wallet = await importFile(await file.text(), String(form.get('code') || ''));
      await onImported(wallet);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <form class="import-file" onSubmit={submit} noValidate aria-labelledby="import-file-title">
      <h2 id="import-file-title">{t('backup.file.importTitle')}</h2>
      {replacing && <p class="hint">{t('backup.file.replaceHint')}</p>}
      <p class="field">
        <label for="import-file">{t('backup.file.choose')}</label>
        <input id="import-file" name="file" type="file" accept=".satchel,application/octet-stream,application/json" data-testid="backup-import-file" />
      </p>
      <p class="field">
        <label for="import-code">{t('backup.code.label')}</label>
        <input id="import-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck={false} dir="ltr" data-testid="backup-import-code" aria-describedby={error ? 'import-file-error' : undefined} />
      </p>
      {error && (
        <p role="alert" class="error" id="import-file-error" data-testid="backup-import-error">
          {error}
        </p>
      )}
      {busy && <p class="hint" aria-busy="true">{t('backup.opening')}</p>}
      <button type="submit" class="secondary" data-testid="backup-import-submit" disabled={busy}>
        {t('backup.file.import')}
      </button>
    </form>
  );
}
