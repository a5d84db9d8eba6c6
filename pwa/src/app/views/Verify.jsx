// Verifier mode: scan a QR code. A share link (…/s/<token>) opens the server's page; an SVP1
// presentation is checked on this phone (wallet/checkvp.js) and, when online, each credential
// is also checked by the server (POST /api/v1/verify) — again automatically when the network returns.
import { useEffect, useRef, useState } from 'preact/hooks';
import { verifyFile } from '../../api.js';
import { formatDateTime, reasonText, t } from '../../i18n/index.js';
import { checkPresentation, overall, withServerVerdict } from '../../wallet/checkvp.js';
import { QR_PREFIX } from '../../wallet/present.js';
import { fieldLabel, plainValue } from '../share/fields.js';
import { ScannerPanel } from '../scan/ScannerPanel.jsx';
import { ResultBadge } from './ResultBadge.jsx';

const SYMBOL = { passed: '✓', failed: '✗', could_not_check: '?' };
const SHARE_LINK = /^https?:\/\/[^\s/]+(\/[^\s]*)?\/s\/[A-Za-z0-9_-]{20,}$/;

function Checks({ checks }) {
  return (
    <ul class="checks">
      {checks.map((c, i) => {
        const status = SYMBOL[c.status] ? c.status : 'could_not_check';
        return (
          <li class={`check check-${status}`} key={i} data-testid="verifier-check" data-check={c.check} data-status={status} data-online={c.online ? 'true' : undefined}>
            <p class="check-head">
              <span class="check-name">{t(`verifier.check.${c.check}`)}</span>
              <span class="check-status">
                <span aria-hidden="true">{SYMBOL[status]}</span> {c.online ? t('verifier.whenOnline') : t(`status.${status}`)}
              </span>
            </p>
            {c.reason && (
              <p class="check-reason" dir="auto">
                {c.reason[0] === 'verifier.r.server' ? reasonText(c.reason[1]) : t(c.reason[0], c.reason[1])}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Fields({ cred }) {
  const rows = cred.kind === 'sd-jwt' ? cred.disclosed.map((d) => [fieldLabel(d.path), plainValue(d.value), d.path]) : Object.entries(cred.claims || {}).map(([k, v]) => [fieldLabel(k), plainValue(v), k]);
  const shown = rows.filter(([, v]) => v);
  if (!shown.length) return null;
  return (
    <dl class="facts">
      {shown.map(([label, value, path]) => (
        <div class="fact wide" key={path} data-testid="verifier-field" data-path={path}>
          <dt>{label}</dt>
          <dd dir="auto">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const resultOfAll = (v) => overall([...v.checks, ...v.credentials.flatMap((c) => [...c.checks, c.binding])].map((c) => c.status));

export function Verify({ lang }) {
  const [verdict, setVerdict] = useState(null); // null | {ok:false, reason} | checked presentation
  const [online, setOnline] = useState(navigator.onLine !== false);
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const current = useRef(null);
  const heading = useRef(null);

  /** Ask the server about every credential still checked only on the phone. */
  const recheck = async () => {
    const v = current.current;
    if (!v || !v.ok || v.serverAt || navigator.onLine === false) return;
    setBusy(true);
    const credentials = [];
    let all = true;
    for (const cred of v.credentials) {
      if (!cred.onlineText) {
        credentials.push(cred);
        continue;
      }
      const res = await verifyFile(new Blob([cred.onlineText], { type: 'text/plain' }), lang);
      if (res.ok) credentials.push(withServerVerdict(cred, res.verdict));
      else {
        all = false;
        credentials.push(cred);
      }
    }
    const next = { ...v, credentials, serverAt: all ? new Date().toISOString() : null };
    next.result = resultOfAll(next);
    if (current.current === v) {
      current.current = next;
      setVerdict(next);
    }
    setBusy(false);
  };

  useEffect(() => {
    const on = () => (setOnline(true), recheck());
    const off = () => setOnline(false);
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => (removeEventListener('online', on), removeEventListener('offline', off));
  }, []);
  useEffect(() => verdict && heading.current?.focus(), [verdict]);

  const onText = async (raw) => {
    const text = String(raw || '').trim();
    if (SHARE_LINK.test(text)) {
      location.assign(text); // the employer's page, served by the server that holds the share
      return true;
    }
    if (!text.startsWith(QR_PREFIX) && text.split('.').length !== 3) {
      setVerdict({ ok: false, reason: 'verifier.r.notSatchel' });
      return false;
    }
    const v = await checkPresentation(text);
    current.current = v;
    setVerdict(v);
    if (v.ok) await recheck();
    return true;
  };

  const reset = () => {
    current.current = null;
    setVerdict(null);
    setPasted('');
  };

  if (verdict && verdict.ok) {
    const pending = verdict.checks.concat(verdict.credentials.flatMap((c) => c.checks)).some((c) => c.online);
    return (
      <section data-testid="verifier" data-state="result" aria-labelledby="verifier-title">
        <h1 id="verifier-title" tabIndex={-1} ref={heading}>
          {t('verifier.resultTitle')}
        </h1>
        <div class="verifier-banner" data-testid="verifier-result" data-result={verdict.result}>
          <ResultBadge result={verdict.result} />
        </div>
        <p data-testid="verifier-mode" data-server={verdict.serverAt ? 'true' : 'false'}>
          {verdict.serverAt ? t('verifier.checkedServer', { date: formatDateTime(verdict.serverAt) }) : t('verifier.checkedPhone', { date: formatDateTime(verdict.checkedAt) })}
        </p>
        {pending && !verdict.serverAt && (
          <p class="notice" data-testid="verifier-pending" role="status">
            {online && navigator.onLine !== false ? (busy ? t('verifier.checkingOnline') : t('verifier.serverFailed')) : t('verifier.pendingOffline')}
          </p>
        )}
        <h2>{t('verifier.holderTitle')}</h2>
        <p class="did-value">
          <code dir="ltr" data-testid="verifier-holder">
            {verdict.holder}
          </code>
        </p>
        <Checks checks={verdict.checks} />
        <h2>{t('verifier.credentialsTitle', { count: verdict.credentials.length })}</h2>
        <ul class="cards">
          {verdict.credentials.map((c, i) => (
            <li class="card" key={i} data-testid="verifier-credential" data-kind={c.kind} data-result={c.result}>
              <div class="card-body">
                <h3 class="card-title" dir="auto">
                  {c.display?.name || c.name || t('detail.untitled')}
                </h3>
                <p class="card-issuer" dir="auto">
                  {t('card.issuedBy', { issuer: c.display?.issuer_name || c.issuer || t('detail.unknown') })}
                </p>
                <ResultBadge result={c.result} />
                {(c.selfAsserted || c.display?.self_asserted) && (
                  <p class="notice" data-testid="verifier-self-asserted">
                    <ResultBadge result="self_asserted" /> {t('verifier.selfAsserted')}
                  </p>
                )}
                <Fields cred={c} />
                <Checks checks={[...c.checks, c.binding]} />
              </div>
            </li>
          ))}
        </ul>
        <button type="button" class="primary" data-testid="verifier-again" onClick={reset}>
          {t('verifier.again')}
        </button>
      </section>
    );
  }

  return (
    <section data-testid="verifier" data-state="scan" aria-labelledby="verifier-title">
      <h1 id="verifier-title">{t('verifier.title')}</h1>
      <p class="hint">{t('verifier.intro')}</p>
      <ScannerPanel onText={onText} busy={busy} imageHint={t('verifier.imageHint')} />
      {verdict && !verdict.ok && (
        <div role="alert" class="error" data-testid="verifier-error">
          <p>{t(verdict.reason)}</p>
        </div>
      )}
      <details class="paste">
        <summary>{t('verifier.pasteOpen')}</summary>
        <form onSubmit={(e) => (e.preventDefault(), onText(pasted))}>
          <p class="field">
            <label for="verifier-text">{t('verifier.pasteLabel')}</label>
            <textarea id="verifier-text" data-testid="verifier-text" rows={3} dir="ltr" value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
          </p>
          <button type="submit" class="secondary" data-testid="verifier-paste-submit">
            {t('verifier.pasteSubmit')}
          </button>
        </form>
      </details>
    </section>
  );
}
