// Verifier mode: scan a QR code. A share link (…/s/<token>) opens the server's page; an SVP2
// presentation is checked on this phone (wallet/checkvp.js) and, when online, the whole
// presentation is sent to the server (POST /api/v1/presentations/verify), whose verdict replaces
// the phone's — again automatically when the network returns. Both follow one rule set (D6) and
// emit the same reason codes; the page says which verdict it shows.
import { useEffect, useRef, useState } from 'preact/hooks';
import { verifyPresentation } from '../../api.js';
import { formatDateTime, reasonText, t } from '../../i18n/index.js';
import { checkPresentation } from '../../wallet/checkvp.js';
import { newChallenge, takeChallenge } from '../../wallet/challenge.js';
import { isQrPresentation, qrPart } from '../../wallet/present.js';
import { QrScreen } from '../share/QrScreen.jsx';
import { fieldLabel, fieldText } from '../share/fields.js';
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
            {(c.code || c.reason) && (
              <p class="check-reason" dir="auto" data-code={c.code || undefined}>
                {reasonText(c)}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function Fields({ cred }) {
  const rows = cred.kind === 'sd-jwt' ? cred.disclosed.map((d) => [fieldLabel(d.path), fieldText(d.path, d.value), d.path]) : Object.entries(cred.claims || {}).map(([k, v]) => [fieldLabel(k), fieldText(k, v), k]);
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

const KIND = { 'sd-jwt-vc': 'sd-jwt' };

// A credential's own key binding check (SD-JWT) is shown only when it did not pass: the
// card's holder binding row already says the credential belongs to the person presenting.
const cardChecks = (c) => [...c.checks.filter((x) => x.check !== 'holder_binding' || x.status !== 'passed'), c.binding];

/** The server's PresentationVerdict in the page's shape; what only the phone read (disclosed
 * fields, names) is kept from the local check of the same credential. */
function fromServer(local, verdict) {
  const credentials = verdict.credentials.map((pc, i) => {
    const mine = local.credentials[i] || {};
    const v = pc.verdict || {};
    const kind = mine.kind || KIND[v.format] || (String(v.format).endsWith('-jwt') ? 'jwt' : 'json');
    return { ...mine, kind, checks: v.checks || [], binding: pc.holder_binding, result: pc.result, display: v.display || null };
  });
  return { ...local, holder: verdict.holder ?? local.holder, checks: verdict.checks, credentials, result: verdict.result, serverAt: verdict.checked_at || new Date().toISOString() };
}

export function Verify({ lang }) {
  const [verdict, setVerdict] = useState(null); // null | {ok:false, reason} | checked presentation
  const [online, setOnline] = useState(navigator.onLine !== false);
  const [busy, setBusy] = useState(false);
  const [pasted, setPasted] = useState('');
  const [challenge, setChallenge] = useState(null); // the challenge QR shown: {text, …}
  const current = useRef(null);
  const heading = useRef(null);

  /** Ask the server for its verdict on the whole presentation; it replaces the phone's. */
  const recheck = async () => {
    const v = current.current;
    if (!v || !v.ok || v.serverAt || navigator.onLine === false) return;
    setBusy(true);
    const res = await verifyPresentation(v.text, lang, v.challenge);
    if (res.ok && current.current === v) {
      const next = fromServer(v, res.verdict);
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
    // SVP2/SVP1 QR text (or all the parts of one, one a line), a VP-JWT (three parts) or an SD-JWT+KB (…~…)
    if (!isQrPresentation(text) && !text.includes('~') && text.split('.').length !== 3) {
      setVerdict({ ok: false, reason: 'verifier.notSatchel' });
      return false;
    }
    let v = { ...(await checkPresentation(text)), text, challenge: null };
    // Two-way: it answers a challenge this phone made (once; within 15 minutes): checked
    // against that audience and nonce, so a replay is ruled out (D6).
    const made = v.ok && takeChallenge(v.aud, v.nonce);
    if (made) v = { ...(await checkPresentation(text, { audience: made.audience, nonce: made.nonce })), text, challenge: made };
    current.current = v;
    setVerdict(v);
    if (v.ok) await recheck();
    return true;
  };

  // the parts of a multi-part code read so far: {id, total, texts: Map(index → text)}
  const parts = useRef(null);
  const collect = (text) => {
    const p = qrPart(String(text || '').trim());
    if (!p) return null;
    if (!parts.current || parts.current.id !== p.id || parts.current.total !== p.total) parts.current = { id: p.id, total: p.total, texts: new Map() };
    const got = parts.current;
    got.texts.set(p.index, text.trim());
    if (got.texts.size < got.total) return { progress: t('verifier.parts', { got: got.texts.size, total: got.total }) };
    parts.current = null;
    return { done: [...got.texts.keys()].sort((a, b) => a - b).map((i) => got.texts.get(i)).join('\n') };
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
        <p class="notice" data-testid="verifier-exchange" data-mode={verdict.challenge ? 'two-way' : 'one-way'}>
          {t(verdict.challenge ? 'verifier.twoWay' : 'verifier.oneWay')}
        </p>
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
                <Checks checks={cardChecks(c)} />
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
      <ScannerPanel onText={onText} collect={collect} busy={busy} imageHint={t('verifier.imageHint')} />
      <p class="hint">{t('verifier.challengeHint')}</p>
      <button type="button" class="secondary" data-testid="verifier-challenge" onClick={() => setChallenge(newChallenge())}>
        {t('verifier.challenge')}
      </button>
      {challenge && <QrScreen text={challenge.text} title={t('verifier.challengeTitle')} testid="challenge-qr" onClose={() => setChallenge(null)} />}
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
