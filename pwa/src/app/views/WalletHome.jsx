import { t } from '../../i18n/index.js';
import { CredentialList } from './CredentialList.jsx';
import { ImportCredential } from './ImportCredential.jsx';

// Credentials first: one compact action bar, then the list. The wallet ID is in Settings.
export function WalletHome({ credentials, queue, refresh, announce, lang }) {
  return (
    <>
      <h1 class="home-title">{t('wallet.title')}</h1>
      <ImportCredential refresh={refresh} announce={announce} lang={lang} />
      <CredentialList credentials={credentials} queue={queue} refresh={refresh} />
    </>
  );
}
