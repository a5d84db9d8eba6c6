import { reasonText, t } from '../../i18n/index.js';

const SYMBOL = { passed: '✓', failed: '✗', could_not_check: '?' };

export function CheckList({ checks }) {
  return (
    <ul class="checks">
      {checks.map((c, i) => {
        const status = SYMBOL[c.status] ? c.status : 'could_not_check';
        const name = t(`check.${c.check}`);
        return (
          <li class={`check check-${status}`} data-testid="check-row" data-check={c.check} data-status={status} key={i}>
            <p class="check-head">
              <span class="check-name">{name === `check.${c.check}` ? c.check : name}</span>
              <span class="check-status">
                <span aria-hidden="true">{SYMBOL[status]}</span> {t(`status.${status}`)}
              </span>
            </p>
            {c.reason && (
              <p class="check-reason" dir="auto">
                {reasonText(c)}
              </p>
            )}
            {String(c.code || '').startsWith('fetch.') && c.params && c.params.detail && (
              <details class="technical" data-testid="technical-details">
                <summary>{t('check.details')}</summary>
                <p dir="ltr">{c.params.detail}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}
