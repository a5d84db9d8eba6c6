import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n/index.js';

/** The recovery code, shown once, until the learner confirms they have written it down. */
export function RecoveryCode({ code, onDone }) {
  const [confirmed, setConfirmed] = useState(false);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="notice recovery" aria-labelledby="code-title" data-testid="backup-code-panel">
      <h2 id="code-title" tabIndex={-1} ref={heading}>
        {t('backup.code.title')}
      </h2>
      <p>{t('backup.code.intro')}</p>
      <p class="recovery-code" dir="ltr" data-testid="backup-code" aria-label={t('backup.code.label')}>
        {code}
      </p>
      <p class="hint">{t('backup.code.once')}</p>
      <p class="hint">{t('backup.code.untilConfirmed')}</p>
      <p class="field check-field">
        <input type="checkbox" id="code-confirm" data-testid="backup-code-confirm" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} />
        <label for="code-confirm">{t('backup.code.confirm')}</label>
      </p>
      <button type="button" class="primary" data-testid="backup-code-done" disabled={!confirmed} onClick={onDone}>
        {t('backup.code.done')}
      </button>
    </section>
  );
}
