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
      <nav class="share-tools" aria-label={t('share.toolsLabel')}>
        <a href="#/share" class="button secondary" data-testid="share-open">
          {t('share.open')}
        </a>
        <a href="#/shares" class="button secondary" data-testid="shares-open">
          {t('share.list.open')}
        </a>
        <a href="#/verify" class="button secondary" data-testid="verify-open">
          {t('verifier.open')}
        </a>
      </nav>
      <CredentialList credentials={credentials} queue={queue} refresh={refresh} />
    </>
  );
}
