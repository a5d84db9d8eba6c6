// #/account: account with passkeys, encrypted backup, wallet file. Lazily loaded with the backup code.
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, t } from '../../../i18n/index.js';
import * as engine from '../../../backup/engine.js';
import { download } from '../../download.js';
import { errorText } from './errors.js';
import { ImportFile } from './ImportFile.jsx';
import { RecoveryCode } from './RecoveryCode.jsx';

function Passkeys({ passkeys, current, onRemove, busy }) {
  const [asking, setAsking] = useState(null);
  const only = passkeys.length === 1;
  return (
    <ul class="plain passkeys" data-testid="account-passkeys">
      {passkeys.map((p) => (
        <li key={p.id} class="card" data-testid="account-passkey" data-id={p.id}>
          <p>
            <strong>{p.name}</strong>
            {p.id === current && <span class="badge">{t('account.thisSession')}</span>}
          </p>
          <p class="hint">
            {t('account.passkeyAdded', { date: formatDateTime(p.created) })}
            {p.last_used ? ` · ${t('account.passkeyUsed', { date: formatDateTime(p.last_used) })}` : ''}
          </p>
          {only ? (
            <p class="hint">{t('account.lastPasskey')}</p>
          ) : asking === p.id ? (
            <div class="confirm">
              <p>{t('account.removeConfirm', { name: p.name })}</p>
              <button type="button" class="danger-button" data-testid="account-remove-confirm" disabled={busy} onClick={() => onRemove(p.id).then(() => setAsking(null))}>
                {t('account.remove')}
              </button>{' '}
              <button type="button" class="secondary" onClick={() => setAsking(null)}>
                {t('account.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" class="secondary" data-testid="account-remove-passkey" aria-label={t('account.removeNamed', { name: p.name })} onClick={() => setAsking(p.id)}>
              {t('account.remove')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

export function Account({ announce, refresh, wallet }) {
  const [state, setState] = useState(null); // engine.getState()
  const [server, setServer] = useState(null); // Account from the server, {offline: true} or null
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [code, setCode] = useState(null); // {code, then}
  const [working, setWorking] = useState('');

  const load = async () => {
    const s = await engine.getState();
    setState(s);
    // A recovery code not yet confirmed as written down is shown again, until it is.
    if (s.keys && s.keys.pendingCode) setCode((c) => c || { code: s.keys.pendingCode });
    setServer(s.account && s.account.signedIn ? await engine.refreshAccount() : null);
    setState(await engine.getState());
  };
  useEffect(() => {
    load().catch(() => setState({}));
  }, []);

  const act = (fn, doing = '') => async () => {
    setBusy(true);
    setError('');
    setWorking(doing);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      setWorking('');
      await load().catch(() => {});
    }
  };

  const create = act(async () => {
    await engine.register(t('account.displayName'), t('account.firstPasskey'));
    announce(t('account.created'));
  });
  const signIn = act(async () => {
    await engine.signIn();
    announce(t('account.signedIn'));
  });
  const addPasskey = act(async () => {
    const n = ((server && server.passkeys) || []).length + 1;
    await engine.addPasskey(t('account.passkeyName', { n }));
    announce(t('account.passkeyAddedNow'));
  });
  const remove = (id) =>
    act(async () => {
      await engine.removePasskey(id);
      announce(t('account.passkeyRemoved'));
    })();
  const signOut = act(async () => {
    await engine.signOut();
    announce(t('account.signedOut'));
  });
  const setUp = act(async () => {
    const { code: c } = await engine.setUp();
    if (c) setCode({ code: c });
    announce(t('backup.done'));
  }, t('backup.working'));
  const backupNow = act(async () => {
    await engine.sync();
    await engine.backupNow({ force: true });
    await refresh();
    announce(t('backup.done'));
  }, t('backup.working'));
  const newCode = act(async () => {
    const c = await engine.replaceRecoveryCode();
    setCode({ code: c });
    const s = await engine.getState();
    if (s.account && s.account.signedIn) await engine.backupNow({ force: true });
  }, t('backup.working'));
  const exportNow = async () => {
    const file = await engine.exportFile();
    download(file.blob, file.name);
    announce(t('backup.file.saved', { name: file.name }));
  };
  // No wallet file is written before the learner has confirmed its recovery code.
  const exportFile = act(async () => {
    const s = await engine.getState();
    if (!s.keys) setCode({ code: await engine.createKeys(), then: exportNow });
    else if (s.keys.pendingCode) setCode({ code: s.keys.pendingCode, then: exportNow });
    else await exportNow();
  }, t('backup.working'));

  if (!state) return <p class="hint" aria-busy="true">{t('app.loading')}</p>;
  const signedIn = Boolean(state.account && state.account.signedIn && server);
  const backedUp = state.backup && state.backup.at;

  const codeDone = async () => {
    const then = code.then;
    await engine.confirmRecoveryCode();
    setCode(null);
    if (then) await act(then)();
    else await load().catch(() => {});
  };
  const ipHost = /^(\d{1,3}\.){3}\d{1,3}$|^\[/.test(location.hostname);
  const loopback = /^127\.|^\[::1\]$/.test(location.hostname);

  return (
    <section data-testid="account" aria-labelledby="account-title">
      <h1 id="account-title">{t('account.title')}</h1>
      {code && <RecoveryCode code={code.code} onDone={codeDone} />}
      {error && (
        <p role="alert" class="error" data-testid="account-error">
          {error}
        </p>
      )}
      {working && (
        <p class="hint" role="status" aria-busy="true">
          {working}
        </p>
      )}
      {!signedIn ? (
        <>
          <p>{t('account.intro')}</p>
          <p class="hint">{t('account.noPassword')}</p>
          {ipHost && (
            <p class="notice" data-testid="account-ip-address">
              {t('account.ipAddress', { host: location.hostname })}{' '}
              {loopback && (
                <a href={`${location.protocol}//localhost${location.port ? `:${location.port}` : ''}/#/account`} dir="ltr" data-testid="account-localhost">
                  {`${location.protocol}//localhost${location.port ? `:${location.port}` : ''}/`}
                </a>
              )}
            </p>
          )}
          {state.account && !state.account.signedIn && <p class="hint" data-testid="account-signed-out">{t('account.wasSignedIn', { name: state.account.displayName })}</p>}
          <p class="tools">
            <button type="button" class="primary" data-testid="account-create" disabled={busy} onClick={create}>
              {t('account.create')}
            </button>
            <button type="button" class="secondary" data-testid="account-signin" disabled={busy} onClick={signIn}>
              {t('account.signin')}
            </button>
          </p>
        </>
      ) : (
        <>
          <p data-testid="account-name">{server.offline ? t('account.offline') : t('account.signedInAs', { name: server.display_name })}</p>
          <h2>{t('backup.title')}</h2>
          <p class="hint">{t('backup.intro')}</p>
          {state.backup && state.backup.rollback != null && (
            <p class="error" role="alert" data-testid="backup-rollback">
              {t('backup.rollback', { version: state.backup.rollback, seen: state.backup.version })}
            </p>
          )}
          {state.keys && state.backup && state.backup.version ? (
            <>
              <p data-testid="backup-last">{backedUp ? t('backup.last', { date: formatDateTime(backedUp) }) : t('backup.never')}</p>
              <p class="hint">{state.keys.slots.some((s) => s.kind === 'prf') ? t('backup.withPasskey') : t('backup.codeOnly')}</p>
              <p class="tools">
                <button type="button" class="secondary" data-testid="backup-now" disabled={busy} onClick={backupNow}>
                  {t('backup.now')}
                </button>
                <button type="button" class="secondary" data-testid="backup-new-code" disabled={busy} onClick={newCode}>
                  {t('backup.newCode')}
                </button>
              </p>
            </>
          ) : (
            <button type="button" class="primary" data-testid="backup-setup" disabled={busy} onClick={setUp}>
              {t('backup.setup')}
            </button>
          )}
          {!server.offline && (
            <>
              <h2>{t('account.passkeys')}</h2>
              <p class="hint">{t('account.passkeysHint')}</p>
              <Passkeys passkeys={server.passkeys || []} current={server.session_passkey} onRemove={remove} busy={busy} />
              <p class="tools">
                <button type="button" class="secondary" data-testid="account-add-passkey" disabled={busy} onClick={addPasskey}>
                  {t('account.addPasskey')}
                </button>
                <button type="button" class="secondary" data-testid="account-signout" disabled={busy} onClick={signOut}>
                  {t('account.signout')}
                </button>
              </p>
            </>
          )}
        </>
      )}
      <h2>{t('backup.file.title')}</h2>
      <p class="hint">{t('backup.file.intro')}</p>
      <p class="tools">
        <button type="button" class="secondary" data-testid="backup-export" disabled={busy} onClick={exportFile}>
          {t('backup.file.export')}
        </button>
        {!signedIn && state.keys && (
          <button type="button" class="secondary" data-testid="backup-file-new-code" disabled={busy} onClick={newCode}>
            {t('backup.newCode')}
          </button>
        )}
      </p>
      {!signedIn && state.keys && <p class="hint">{t('backup.file.newCodeHint')}</p>}
      {wallet && <ImportFile onImported={async () => { await refresh(); location.replace('#/'); }} announce={announce} replacing />}
    </section>
  );
}
