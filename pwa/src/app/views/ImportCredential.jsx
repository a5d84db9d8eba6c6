import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { ImportNotice, useImport } from '../useImport.jsx';

const ACCEPT = '.json,.jwt,.png,.svg,application/json,application/jwt,image/png,image/svg+xml,*/*';

export function ImportCredential({ refresh, announce, lang }) {
  const { busy, notice, run, runText } = useImport({ refresh, announce, lang });
  const [text, setText] = useState('');

  const onFile = (e) => {
    const input = e.currentTarget;
    const file = input.files && input.files[0];
    input.value = ''; // picking the same file again fires change again
    if (file) run(file, file.name);
  };

  const onPaste = async (e) => {
    e.preventDefault();
    if (text.trim() && (await runText(text))) setText('');
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
      <div class="import-actions">
        <label id="import-label" for="import-input" class="button primary" aria-busy={busy ? 'true' : 'false'}>
          <span aria-hidden="true">+</span> {t('import.label')}
        </label>
        <a href="#/scan" class="button secondary" data-testid="scan-open">
          {t('scan.open')}
        </a>
      </div>
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
      <ImportNotice notice={notice} />
    </section>
  );
}
