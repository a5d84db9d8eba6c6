// The home screen's action bar: every way to add, share or check credentials as one compact
// row of icons with short labels (each with a full accessible name), above the credential list.
// Adding from a file and pasting live here too: the paste box opens under the bar.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { ImportNotice, useImport } from '../useImport.jsx';

const ACCEPT = '.json,.jwt,.png,.svg,application/json,application/jwt,image/png,image/svg+xml,*/*';

// 24 × 24 stroke icons (decorative: each action's name is its text).
const ICONS = {
  add: 'M12 5v14M5 12h14',
  scan: 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5M7 12h10',
  paste: 'M9 3h6v4H9zM8 5H5v16h14V5h-3M8 12h8M8 16h5',
  experience: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  share: 'M12 15V3M7 8l5-5 5 5M5 13v8h14v-8',
  shares: 'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1',
  verify: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM8.5 12l2.5 2.5 4.5-5',
};

function Icon({ name }) {
  return (
    <svg class="action-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}

/** A short visible label; the rest of the accessible name is for screen readers only. */
function Label({ name }) {
  const more = t(`home.${name}More`);
  return (
    <span class="action-label">
      {t(`home.${name}`)}
      {more && <span class="visually-hidden">{more}</span>}
    </span>
  );
}

function Action({ name, href, testid }) {
  return (
    <li>
      <a href={href} class="action" data-testid={testid}>
        <Icon name={name} />
        <Label name={name} />
      </a>
    </li>
  );
}

export function ImportCredential({ refresh, announce, lang }) {
  const { busy, notice, run, runText } = useImport({ refresh, announce, lang });
  const [text, setText] = useState('');
  const [pasting, setPasting] = useState(false);

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
    <div class="import">
      <p id="import-hint" class="visually-hidden">
        {t('import.hint')}
      </p>
      <nav aria-label={t('home.actions')} data-testid="home-actions">
        <ul class="actions">
          <li class="action-file">
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
            <label id="import-label" for="import-input" class="action primary-action" aria-busy={busy ? 'true' : 'false'}>
              <Icon name="add" />
              <Label name="add" />
            </label>
          </li>
          <Action name="scan" href="#/scan" testid="scan-open" />
          <li>
            <button
              type="button"
              class="action"
              data-testid="paste-open"
              aria-expanded={pasting ? 'true' : 'false'}
              aria-controls="paste-panel"
              onClick={() => setPasting(!pasting)}
            >
              <Icon name="paste" />
              <Label name="paste" />
            </button>
          </li>
          <Action name="experience" href="#/experience" testid="add-experience" />
          <Action name="share" href="#/share" testid="share-open" />
          <Action name="shares" href="#/shares" testid="shares-open" />
          <Action name="verify" href="#/verify" testid="verify-open" />
        </ul>
      </nav>
      <form id="paste-panel" class="paste" onSubmit={onPaste} hidden={!pasting}>
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
      <ImportNotice notice={notice} />
    </div>
  );
}
