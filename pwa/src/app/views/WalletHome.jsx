import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { CredentialList } from './CredentialList.jsx';
import { ImportCredential } from './ImportCredential.jsx';

// Whether the browser says it is online, kept up to date.
function useOnline() {
  const [online, setOnline] = useState(navigator.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => (removeEventListener('online', on), removeEventListener('offline', off));
  }, []);
  return online;
}

// Credentials first: one compact action bar, then the list. The wallet ID is in Settings.
// Offline, one line says what still works (everything held here) and what waits.
export function WalletHome({ credentials, queue, refresh, announce, lang }) {
  const online = useOnline();
  return (
    <>
      <h1 class="home-title">{t('wallet.title')}</h1>
      {!online && (
        <p class="notice" role="status" data-testid="home-offline">
          {t('home.offline')}
        </p>
      )}
      <ImportCredential refresh={refresh} announce={announce} lang={lang} />
      <CredentialList credentials={credentials} queue={queue} refresh={refresh} />
    </>
  );
}
