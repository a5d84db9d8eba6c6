import { t } from '../../i18n/index.js';
import { CredentialList } from './CredentialList.jsx';
import { DidCard } from './DidCard.jsx';
import { ImportCredential } from './ImportCredential.jsx';

export function WalletHome({ wallet, credentials, queue, refresh, announce, lang }) {
  return (
    <>
      <h1>{t('wallet.title')}</h1>
      <DidCard did={wallet.did} announce={announce} />
      <ImportCredential refresh={refresh} announce={announce} lang={lang} />
      <CredentialList credentials={credentials} queue={queue} refresh={refresh} />
    </>
  );
}
