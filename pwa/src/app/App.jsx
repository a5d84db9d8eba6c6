import { useEffect, useState } from 'preact/hooks';
import { getWallet, listCredentials } from '../db.js';
import { setLanguage, t } from '../i18n/index.js';
import { registerServiceWorker } from './sw-register.js';
import { useHashRoute } from './route.js';
import { Header } from './views/Header.jsx';
import { Welcome } from './views/Welcome.jsx';
import { WalletHome } from './views/WalletHome.jsx';
import { CredentialDetail } from './views/CredentialDetail.jsx';

export function App({ initialLang }) {
  const [lang, setLang] = useState(initialLang);
  const [wallet, setWallet] = useState(undefined); // undefined: loading, null: none yet
  const [credentials, setCredentials] = useState([]);
  const [status, setStatus] = useState('');
  const [applyUpdate, setApplyUpdate] = useState(null);
  const route = useHashRoute();

  const refresh = () => listCredentials().then(setCredentials);

  useEffect(() => {
    getWallet()
      .then((w) => setWallet(w || null))
      .catch(() => setWallet(null));
    refresh().catch(() => {});
    registerServiceWorker({
      onReady: () => setStatus(t('sw.ready')),
      onUpdate: (apply) => setApplyUpdate(() => apply),
    });
  }, []);

  // Status messages are transient; the live region itself stays in the page.
  useEffect(() => {
    if (!status) return undefined;
    const timer = setTimeout(() => setStatus(''), 8000);
    return () => clearTimeout(timer);
  }, [status]);

  const changeLang = async (code) => setLang(await setLanguage(code, true));

  let body = null;
  if (wallet === null) body = <Welcome onCreated={setWallet} />;
  else if (wallet && route.credentialId) body = <CredentialDetail id={route.credentialId} />;
  else if (wallet) {
    body = (
      <WalletHome
        wallet={wallet}
        credentials={credentials}
        onImported={refresh}
        announce={setStatus}
        lang={lang}
      />
    );
  }

  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header lang={lang} onLang={changeLang} />
      <main id="main" tabIndex={-1}>
        {body}
      </main>
      <footer>
        <p>{t('app.footer')}</p>
      </footer>
      <div class="toast-area">
        {applyUpdate && (
          <button type="button" class="update" onClick={applyUpdate}>
            {t('sw.update')}
          </button>
        )}
        <p role="status" aria-live="polite" class={status ? 'toast' : 'toast empty'}>
          {status}
        </p>
      </div>
    </>
  );
}
