import { t } from '../../i18n/index.js';

// How far a credential (or a skill) can be trusted: symbol + words, never colour alone.
const SYMBOL = { verified: '✓', could_not_check: '?', self_asserted: '✎', expired: '◷', invalid: '✗' };
const WORDS = { verified: 'result.valid', could_not_check: 'result.could_not_check', self_asserted: 'result.self_asserted', expired: 'standing.expired', invalid: 'result.invalid' };
const STYLE = { verified: 'valid', could_not_check: 'could_not_check', self_asserted: 'self_asserted', expired: 'invalid', invalid: 'invalid' };

export function StandingBadge({ standing, testid = 'standing' }) {
  const s = SYMBOL[standing] ? standing : 'could_not_check';
  return (
    <span class={`badge badge-${STYLE[s]}`} data-testid={testid} data-standing={s}>
      <span class="badge-symbol" aria-hidden="true">
        {SYMBOL[s]}
      </span>{' '}
      {t(WORDS[s])}
    </span>
  );
}
