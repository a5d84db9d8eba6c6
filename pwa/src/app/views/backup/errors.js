import { t } from '../../../i18n/index.js';

/** Plain words for a BackupError / CeremonyError code (backup.error.* / account.error.*). */
export function errorText(e) {
  const code = (e && e.code) || 'unknown';
  const key = `backup.error.${code}`;
  const s = t(key);
  if (s !== key) return s;
  const a = t(`account.error.${code}`);
  if (a !== `account.error.${code}`) return a;
  return t('account.error.other', { reason: (e && e.message) || code });
}
