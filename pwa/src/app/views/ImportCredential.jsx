import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { importBlob, SYNC_TAG } from '../../wallet/importer.js';

const ACCEPT = '.json,.jwt,.png,.svg,application/json,application/jwt,image/png,image/svg+xml,*/*';

/** What a refused import says, in the learner's language (the server's reason when it gave one). */
function errorDetail(res) {
  if (res.kind === 'too_large') return res.message || t('import.tooLarge');
  if (res.kind === 'rejected' && res.message) return res.message;
  if (res.kind === 'save') return t('import.saveFailed');
  return t('import.serverError');
}

export function ImportCredential({ refresh, announce, lang }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null); // {title, detail}
  const [text, setText] = useState('');

  /** Verify and store; resolves true when the input can be cleared. */
  const run = async (blob, name) => {
    setError(null);
    setBusy(true);
    announce(t('import.checking', { file: name }));
    const res = await importBlob(blob, name, lang);
    setBusy(false);
    if (res.status === 'error') {
      announce('');
      setError({ title: t('import.failed', { file: name }), detail: errorDetail(res) });
      return false;
    }
    await refresh();
    if (res.status === 'queued') {
      announce(t('import.queued', { file: name }));
      // Where the browser has background sync, the service worker verifies it even if Satchel is closed.
      navigator.serviceWorker?.ready.then((r) => r.sync?.register(SYNC_TAG)).catch(() => {});
    }
    else if (res.status === 'duplicate') {
      announce('');
      setError({
        title: t('import.duplicate', { name: res.existing.verdict?.display?.name || t('detail.untitled') }),
        detail: t('import.duplicateDetail'),
        duplicate: true,
      });
    } else announce(t('import.added', { name: res.record.verdict.display?.name || t('detail.untitled') }));
    return true;
  };

  const onFile = (e) => {
    const input = e.currentTarget;
    const file = input.files && input.files[0];
    input.value = ''; // picking the same file again fires change again
    if (file) run(file, file.name);
  };

  const onPaste = async (e) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    if (/^https?:\/\/\S+$/i.test(value)) {
      setError({ title: t('paste.urlTitle'), detail: t('paste.urlLater') });
      return;
    }
    if (await run(new Blob([value], { type: 'text/plain' }), t('paste.name'))) setText('');
  };

  return (
    <section class="import" aria-labelledby="import-title">
      <h2 id="import-title" class="visually-hidden">
        {t('import.title')}
      </h2>
      <input
        id="import-input"
        class="visually-hidden"
        type="file"
        accept={ACCEPT}
        data-testid="import-input"
        aria-describedby="import-hint"
        onChange={onFile}
        disabled={busy}
      />
      <label id="import-label" for="import-input" class="button primary" aria-busy={busy ? 'true' : 'false'}>
        <span aria-hidden="true">+</span> {t('import.label')}
      </label>
      <p id="import-hint" class="hint">
        {t('import.hint')}
      </p>
      <details class="paste">
        <summary data-testid="paste-open">{t('paste.open')}</summary>
        <form onSubmit={onPaste}>
          <label for="paste-text">{t('paste.label')}</label>
          <textarea
            id="paste-text"
            data-testid="paste-text"
            rows={4}
            dir="ltr"
            spellcheck={false}
            autocomplete="off"
            aria-describedby="paste-hint"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <p id="paste-hint" class="hint">
            {t('paste.hint')}
          </p>
          <button type="submit" class="secondary" data-testid="paste-submit" disabled={busy || !text.trim()}>
            {t('paste.submit')}
          </button>
        </form>
      </details>
      <p>
        <a href="#/experience" data-testid="add-experience">
          {t('experience.link')}
        </a>
      </p>
      {error && (
        <div role="alert" class={error.duplicate ? 'notice' : 'error'} data-testid={error.duplicate ? 'import-duplicate' : 'import-error'}>
          <p>
            <strong>{error.title}</strong>
          </p>
          <p>{error.detail}</p>
        </div>
      )}
    </section>
  );
}
