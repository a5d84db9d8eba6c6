import { useEffect, useRef, useState } from 'preact/hooks';
import { getWallet, listCredentials, listQueue } from '../db.js';
import { setLanguage, t } from '../i18n/index.js';
import { nextDeferredPoll, processQueue } from '../wallet/importer.js';
import { lazy } from './lazy.jsx';
import { startAutoSync } from './autosync.js';
import { registerServiceWorker } from './sw-register.js';
import { useHashRoute } from './route.js';
import { Header } from './views/Header.jsx';
import { OfflineStatus } from './views/OfflineStatus.jsx';
import { Welcome } from './views/Welcome.jsx';
import { WalletHome } from './views/WalletHome.jsx';

const CredentialDetail = lazy(() => import('./views/CredentialDetail.jsx').then((m) => m.CredentialDetail));
const Passport = lazy(() => import('./views/Passport.jsx').then((m) => m.Passport));
const Settings = lazy(() => import('./views/Settings.jsx').then((m) => m.Settings));
const Experience = lazy(() => import('./views/Experience.jsx').then((m) => m.Experience));
const Offer = lazy(() => import('./views/Offer.jsx').then((m) => m.Offer));
const Scan = lazy(() => import('./views/Scan.jsx').then((m) => m.Scan));
const Pathways = lazy(() => import('./views/Pathways.jsx').then((m) => m.Pathways));
const Account = lazy(() => import('./views/backup/Account.jsx').then((m) => m.Account));
const Restore = lazy(() => import('./views/backup/Restore.jsx').then((m) => m.Restore));
const Share = lazy(() => import('./views/Share.jsx').then((m) => m.Share));
const Shares = lazy(() => import('./views/Shares.jsx').then((m) => m.Shares));
const Present = lazy(() => import('./views/Present.jsx').then((m) => m.Present));
const Record = lazy(() => import('./views/Record.jsx').then((m) => m.Record));
const Verify = lazy(() => import('./views/Verify.jsx').then((m) => m.Verify));

const UNDO_MS = 8000;

// The skip link must not change the hash: the hash is the route.
function skipToMain(e) {
  e.preventDefault();
  document.getElementById('main')?.focus();
}

export function App({ initialLang }) {
  const [lang, setLang] = useState(initialLang);
  const [wallet, setWallet] = useState(undefined); // undefined: loading, null: none yet
  const [credentials, setCredentials] = useState([]);
  const [queue, setQueue] = useState([]);
  const [status, setStatus] = useState('');
  const [undo, setUndo] = useState(null); // {run}
  const [applyUpdate, setApplyUpdate] = useState(null);
  const route = useHashRoute();
  const undoTimer = useRef(null);

  const refresh = () =>
    Promise.all([listCredentials(), listQueue()]).then(([c, q]) => {
      setCredentials(c);
      setQueue(q);
    });

  const runQueue = async () => {
    if (navigator.onLine === false) return;
    const outcomes = await processQueue().catch(() => []);
    await refresh().catch(() => {});
    const added = outcomes.filter((o) => o.status === 'added').length;
    const failed = outcomes.filter((o) => o.status === 'error' || o.status === 'duplicate').length;
    if (added || failed) setStatus(t('queue.done', { added, failed }));
  };

  useEffect(() => {
    getWallet()
      .then((w) => setWallet(w || null))
      .catch(() => setWallet(null));
    refresh()
      .catch(() => {})
      .then(runQueue);
    addEventListener('online', runQueue);
    // The service worker verified queued imports through background sync.
    navigator.serviceWorker?.addEventListener('message', (e) => {
      if (e.data && e.data.type === 'queue-processed') refresh().catch(() => {});
    });
    registerServiceWorker({
      onReady: () => setStatus(t('sw.ready')),
      onUpdate: (apply) => setApplyUpdate(() => apply),
    });
    const stopSync = startAutoSync(() => refresh().catch(() => {}));
    return () => {
      removeEventListener('online', runQueue);
      stopSync();
    };
  }, []);

  // Credentials the issuer is still preparing: ask again when the issuer's interval is over.
  useEffect(() => {
    const at = nextDeferredPoll(queue);
    if (at === null) return undefined;
    const timer = setTimeout(runQueue, Math.max(1000, at - Date.now() + 50));
    return () => clearTimeout(timer);
  }, [queue]);

  // Status messages are transient; the live region itself stays in the page.
  useEffect(() => {
    if (!status || undo) return undefined;
    const timer = setTimeout(() => setStatus(''), 8000);
    return () => clearTimeout(timer);
  }, [status, undo]);

  const changeLang = async (code) => setLang(await setLanguage(code, true));

  /** Show `message` with an Undo button for a few seconds. */
  const offerUndo = (message, run) => {
    clearTimeout(undoTimer.current);
    setStatus(message);
    setUndo({ run });
    undoTimer.current = setTimeout(() => {
      setUndo(null);
      setStatus('');
    }, UNDO_MS);
  };
  const doUndo = async () => {
    clearTimeout(undoTimer.current);
    const { run } = undo;
    setUndo(null);
    setStatus(await run());
    await refresh();
  };

  /** A wallet restored from a backup or a wallet file: show it. */
  const restored = async (w) => {
    setWallet(w);
    await refresh();
    location.replace('#/');
    setStatus(t('backup.restore.done'));
  };

  const shared = { credentials, queue, refresh, announce: setStatus, lang, wallet };
  let body = null;
  // Verifier mode needs no wallet: an employer can use it on any phone.
  if (route.page === 'verify' && wallet !== undefined) body = <Verify lang={lang} />;
  else if (wallet === null && route.page === 'restore') body = <Restore onRestored={restored} />;
  else if (wallet === null) body = <Welcome onCreated={setWallet} lang={lang} onLang={changeLang} />;
  else if (wallet) {
    switch (route.page) {
      case 'credential':
        body = <CredentialDetail id={route.credentialId} {...shared} offerUndo={offerUndo} />;
        break;
      case 'passport':
      case 'skills':
        body = <Passport {...shared} />;
        break;
      case 'settings':
        body = <Settings {...shared} onLang={changeLang} />;
        break;
      case 'experience':
        body = <Experience key={route.credentialId} editId={route.credentialId} {...shared} />;
        break;
      case 'offer':
        body = <Offer key={route.query} query={route.query} {...shared} />;
        break;
      case 'present':
        body = <Present key={route.query} query={route.query} {...shared} />;
        break;
      case 'scan':
        body = <Scan {...shared} />;
        break;
      case 'pathways':
        body = <Pathways {...shared} />;
        break;
      case 'account':
        body = <Account {...shared} />;
        break;
      case 'share':
        body = <Share {...shared} />;
        break;
      case 'shares':
        body = <Shares {...shared} />;
        break;
      case 'record':
        body = <Record {...shared} />;
        break;
      default:
        body = <WalletHome {...shared} />;
    }
  }

  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      <Header page={wallet ? route.page : null} />
      <main id="main" tabIndex={-1}>
        <OfflineStatus />
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
        <div class={status ? 'toast' : 'toast empty'}>
          <p role="status" aria-live="polite" data-testid="status">
            {status}
          </p>
          {undo && (
            <button type="button" class="undo" data-testid="undo" onClick={doUndo}>
              {t('delete.undo')}
            </button>
          )}
        </div>
      </div>
    </>
  );
}
