// The "Account and backup" part of Settings: small, no crypto (the account screen is a lazy chunk).
import { useEffect, useState } from 'preact/hooks';
import { getSyncState } from '../../../db.js';
import { formatDateTime, t } from '../../../i18n/index.js';

export function BackupSummary() {
  const [state, setState] = useState(undefined);
  useEffect(() => {
    Promise.all([getSyncState('account'), getSyncState('backup'), getSyncState('keys')])
      .then(([account, backup, keys]) => setState({ account, backup, unconfirmed: Boolean(keys && keys.pendingCode) }))
      .catch(() => setState({}));
  }, []);
  if (state === undefined) return null;
  const { account, backup, unconfirmed } = state;
  let text = t('backup.summary.none');
  if (backup && backup.at) text = t('backup.last', { date: formatDateTime(backup.at) });
  else if (account && account.signedIn) text = t('backup.summary.notYet');
  if (unconfirmed) text = `${text} ${t('backup.summary.unconfirmed')}`;
  return (
    <>
      <h2>{t('account.title')}</h2>
      <p data-testid="backup-summary">{text}</p>
      <p>
        <a href="#/account" class="button secondary" data-testid="account-open">
          {t('account.open')}
        </a>
      </p>
    </>
  );
}
