import { t } from '../../i18n/index.js';

// Symbol + words, never colour alone.
const SYMBOL = { valid: '✓', invalid: '✗', could_not_check: '?', self_asserted: '✎' };

export function ResultBadge({ result }) {
  const r = SYMBOL[result] ? result : 'could_not_check';
  return (
    <span class={`badge badge-${r}`} data-testid="verdict-result" data-result={r}>
      <span class="badge-symbol" aria-hidden="true">
        {SYMBOL[r]}
      </span>{' '}
      {t(`result.${r}`)}
    </span>
  );
}
