import { useState } from 'preact/hooks';
import { verifyFile } from '../../api.js';
import { addCredential } from '../../db.js';
import { t } from '../../i18n/index.js';

const ACCEPT = '.json,.jwt,.png,.svg,application/json,application/jwt,image/png,image/svg+xml,*/*';

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function ImportCredential({ onImported, announce, lang }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null); // {title, detail}

  const onChange = async (e) => {
    const input = e.currentTarget;
    const file = input.files && input.files[0];
    input.value = ''; // picking the same file again fires change again
    if (!file) return;
    setError(null);
    setBusy(true);
    announce(t('import.checking', { file: file.name }));
    const res = await verifyFile(file, lang);
    setBusy(false);
    if (!res.ok) {
      const detail =
        res.kind === 'offline'
          ? t('import.offline')
          : res.kind === 'too_large'
            ? res.message || t('import.tooLarge')
            : res.kind === 'rejected' && res.message
              ? res.message
              : t('import.serverError');
      announce('');
      setError({ title: t('import.failed', { file: file.name }), detail });
      return;
    }
    const record = { id: newId(), credential: res.verdict.credential, verdict: res.verdict, importedAt: new Date().toISOString() };
    try {
      await addCredential(record);
    } catch {
      announce('');
      setError({ title: t('import.failed', { file: file.name }), detail: t('import.saveFailed') });
      return;
    }
    await onImported();
    announce(t('import.added', { name: res.verdict.display?.name || t('detail.untitled') }));
  };

  return (
    <section class="import" aria-labelledby="import-label">
      <input
        id="import-input"
        class="visually-hidden"
        type="file"
        accept={ACCEPT}
        data-testid="import-input"
        aria-describedby="import-hint"
        onChange={onChange}
        disabled={busy}
      />
      <label id="import-label" for="import-input" class="button primary" aria-busy={busy ? 'true' : 'false'}>
        <span aria-hidden="true">+</span> {t('import.label')}
      </label>
      <p id="import-hint" class="hint">
        {t('import.hint')}
      </p>
      {error && (
        <div role="alert" class="error" data-testid="import-error">
          <p>
            <strong>{error.title}</strong>
          </p>
          <p>{error.detail}</p>
        </div>
      )}
    </section>
  );
}
