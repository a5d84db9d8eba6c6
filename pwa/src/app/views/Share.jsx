// Share credentials: pick them, pick the fields of SD-JWT credentials, preview exactly what the
// employer will see, then either a link (a presentation signed here, stored by the server behind
// /s/<token>) or, in person and offline, a QR code of the signed presentation (SVP2): one-way, or two-way
// answering a verifier phone's challenge (wallet/challenge.js).
import { useEffect, useRef, useState } from 'preact/hooks';
import { creditsText, formatDate, formatDateTime, t } from '../../i18n/index.js';
import { createPresentation, deviceNonce, disclosable, isSdJwt, MAX_CREDENTIALS, OFFLINE_AUDIENCE, qrEncodeParts } from '../../wallet/present.js';
import { fieldLabel, fieldText } from '../share/fields.js';
import { selfAssertedBy } from '../names.js';
import { QrScreen } from '../share/QrScreen.jsx';
import { createShareLink } from '../share/link.js';
import { ScannerPanel } from '../scan/ScannerPanel.jsx';
import { readChallenge } from '../../wallet/challenge.js';

const EXPIRY_DAYS = [1, 7, 30, 90];
const OFFLINE_QR_SECONDS = 15 * 60; // an in-person QR is good for 15 minutes
const short = (s, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const nameOf = (r) => r.verdict?.display?.name || t('detail.untitled');
const issuerOf = (r) => (r.selfAsserted ? selfAssertedBy(r) : r.verdict?.display?.issuer_name || r.verdict?.issuer?.name || r.verdict?.issuer?.id || t('detail.unknown'));
// An SD-JWT's own copy of the wallet ID. It is never offered as a choice: every share is signed
// by the wallet (holder binding), so the employer sees the wallet ID as "Presented by" anyway;
// the SD-JWT's copy is left undisclosed and the preview says plainly that the ID is shown.
const HOLDER_PATH = 'sub';

function HolderShown({ did }) {
  return (
    <div class="holder-shown" data-testid="share-holder">
      <p class="hint">{t('share.holderAlways')}</p>
      <p class="did-value">
        <code dir="ltr" data-testid="share-holder-did">
          {did}
        </code>
      </p>
    </div>
  );
}

function Facts({ rows }) {
  const shown = rows.filter(([, v]) => v);
  if (!shown.length) return null;
  return (
    <dl class="facts">
      {shown.map(([label, value, path]) => (
        <div class="fact wide" key={label} data-testid="preview-field" data-path={path || ''}>
          <dt>{label}</dt>
          <dd dir="auto">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** What the employer sees of one credential. */
function PreviewItem({ record, fields, chosen }) {
  const d = record.verdict?.display || {};
  const sd = Boolean(fields);
  return (
    <li class="card preview" data-testid="share-preview-item" data-id={record.id}>
      <div class="card-body">
        <h3 class="card-title" dir="auto">
          {nameOf(record)}
        </h3>
        <p class="card-issuer" dir="auto">
          {t('card.issuedBy', { issuer: issuerOf(record) })}
        </p>
        {sd ? (
          <>
            <Facts rows={fields.filter((f) => chosen.has(f.path)).map((f) => [fieldLabel(f.path), short(fieldText(f.path, f.value), 300), f.path])} />
            {fields.some((f) => !chosen.has(f.path)) && (
              <p class="hint" data-testid="preview-hidden">
                {t('share.notShared', { fields: fields.filter((f) => !chosen.has(f.path)).map((f) => fieldLabel(f.path)).join(', ') })}
              </p>
            )}
          </>
        ) : (
          <>
            <p class="hint">{t('share.whole')}</p>
            <Facts
              rows={[
                [t('detail.issued'), d.issued && formatDate(d.issued)],
                [t('detail.level'), d.level],
                [t('detail.credits'), creditsText(d.credits)],
                [t('detail.description'), d.description && short(d.description, 300)],
              ]}
            />
          </>
        )}
      </div>
    </li>
  );
}

export function Share({ credentials, wallet, lang, announce }) {
  const [step, setStep] = useState('pick'); // pick | fields | preview | link
  const [picked, setPicked] = useState([]); // record ids, in list order
  const [fields, setFields] = useState({}); // id → disclosable fields (SD-JWT only)
  const [chosen, setChosen] = useState({}); // id → Set of claim paths
  const [label, setLabel] = useState('');
  const [days, setDays] = useState(7);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [share, setShare] = useState(null);
  const [qr, setQr] = useState(null); // {text or texts (the parts of one code), title, hint, testid}
  const [answering, setAnswering] = useState(false); // scanning a verifier's challenge
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), [step]);

  const records = picked.map((id) => credentials.find((r) => r.id === id)).filter(Boolean);
  const sdRecords = records.filter((r) => isSdJwt(r.credential));

  const toggle = (id) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : credentials.map((r) => r.id).filter((x) => x === id || p.includes(x))));
  const toggleField = (id, path) =>
    setChosen((c) => {
      const set = new Set(c[id] || []);
      if (set.has(path)) set.delete(path);
      else set.add(path);
      return { ...c, [id]: set };
    });

  const next = async () => {
    setProblem('');
    if (!records.length) return setProblem(t('share.pickOne'));
    if (records.length > MAX_CREDENTIALS) return setProblem(t('share.tooMany', { max: MAX_CREDENTIALS }));
    const found = {};
    for (const r of sdRecords) {
      try {
        // The wallet ID is not a choice: the holder signs every share with it (see HOLDER_PATH).
        found[r.id] = fields[r.id] || (await disclosable(r.credential)).filter((f) => f.path !== HOLDER_PATH);
      } catch {
        found[r.id] = [];
      }
    }
    setFields(found);
    setStep(sdRecords.length ? 'fields' : 'preview');
  };

  const items = () => records.map((r) => ({ text: r.credential, paths: [...(chosen[r.id] || [])] }));

  const createLink = async (e) => {
    e.preventDefault();
    setProblem('');
    setBusy(true);
    announce(t('share.creating'));
    try {
      const record = await createShareLink(items(), wallet, lang, { label, days });
      setShare(record);
      setStep('link');
      announce(t('share.created'));
    } catch (err) {
      announce('');
      setProblem(err.message || String(err));
    } finally {
      setBusy(false);
    }
  };

  const offlineQr = async () => {
    setProblem('');
    setBusy(true);
    try {
      // No server and no verifier nonce in person: the audience says so, the nonce is made here.
      const vp = await createPresentation(items(), wallet, { aud: OFFLINE_AUDIENCE, nonce: deviceNonce(), lifetime: OFFLINE_QR_SECONDS });
      setQr({ texts: await qrEncodeParts(vp), title: t('share.offlineQrTitle'), hint: t('share.offlineQrHint'), testid: 'offline-qr' });
    } catch (err) {
      setProblem(err.message || String(err));
    } finally {
      setBusy(false);
    }
  };

  /** A verifier's challenge scanned: answer it with a presentation for its audience and nonce. */
  const answer = async (text) => {
    const challenge = readChallenge(text);
    if (!challenge) {
      setProblem(t('share.notChallenge'));
      return false;
    }
    setProblem('');
    setBusy(true);
    try {
      const vp = await createPresentation(items(), wallet, { aud: challenge.audience, nonce: challenge.nonce, lifetime: OFFLINE_QR_SECONDS });
      setAnswering(false);
      setQr({ texts: await qrEncodeParts(vp), title: t('share.answerQrTitle'), hint: t('share.answerQrHint'), testid: 'answer-qr' });
      return true;
    } catch (err) {
      setProblem(err.message || String(err));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(share.url);
      announce(t('share.copied'));
    } catch {
      getSelection().selectAllChildren(document.querySelector('[data-testid="share-url"]'));
      announce(t('wallet.copyFailed'));
    }
  };
  const systemShare = () => navigator.share({ title: share.label || t('share.title'), url: share.url }).catch(() => {});

  const back = (to) => (
    <button type="button" class="back" data-testid="share-back" onClick={() => setStep(to)}>
      <span aria-hidden="true">‹</span> {t('share.back')}
    </button>
  );
  const error = problem && (
    <div role="alert" class="error" data-testid="share-error">
      <p>{problem}</p>
    </div>
  );

  let body;
  if (step === 'pick') {
    body = credentials.length ? (
      <>
        <fieldset class="picks">
          <legend>{t('share.pickLegend')}</legend>
          {credentials.map((r) => (
            <label class="pick" key={r.id}>
              <input type="checkbox" data-testid="share-pick" data-id={r.id} checked={picked.includes(r.id)} onChange={() => toggle(r.id)} />
              <span>
                <span class="pick-name" dir="auto">
                  {nameOf(r)}
                </span>
                <span class="sub" dir="auto">
                  {issuerOf(r)}
                  {isSdJwt(r.credential) ? ` · ${t('share.sdTag')}` : ''}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        {error}
        <button type="button" class="primary" data-testid="share-next" onClick={next}>
          {t('share.next')}
        </button>
      </>
    ) : (
      <p class="empty">{t('share.noCredentials')}</p>
    );
  } else if (step === 'fields') {
    body = (
      <>
        {back('pick')}
        <p class="hint">{t('share.fieldsIntro')}</p>
        <HolderShown did={wallet.did} />
        {sdRecords.map((r) => (
          <fieldset class="picks" key={r.id} data-testid="share-fields" data-id={r.id}>
            <legend dir="auto">{nameOf(r)}</legend>
            <p class="hint">{t('share.alwaysShown')}</p>
            {(fields[r.id] || []).map((f) => (
              <label class="pick" key={f.path}>
                <input type="checkbox" data-testid="share-field" data-path={f.path} checked={chosen[r.id]?.has(f.path) || false} onChange={() => toggleField(r.id, f.path)} />
                <span>
                  <span class="pick-name">{fieldLabel(f.path)}</span>
                  <span class="sub" dir="auto">
                    {short(fieldText(f.path, f.value))}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
        <button type="button" class="primary" data-testid="share-to-preview" onClick={() => setStep('preview')}>
          {t('share.toPreview')}
        </button>
      </>
    );
  } else if (step === 'preview') {
    body = (
      <>
        {back(sdRecords.length ? 'fields' : 'pick')}
        <p class="hint">{t('share.previewIntro')}</p>
        <ul class="cards" data-testid="share-preview">
          {records.map((r) => (
            <PreviewItem key={r.id} record={r} fields={isSdJwt(r.credential) ? fields[r.id] || [] : null} chosen={chosen[r.id] || new Set()} />
          ))}
        </ul>
        <HolderShown did={wallet.did} />
        <section aria-labelledby="share-link-title">
          <h2 id="share-link-title">{t('share.linkTitle')}</h2>
          <form onSubmit={createLink}>
            <p class="field">
              <label for="share-label">{t('share.label')}</label>
              <input id="share-label" data-testid="share-label" maxLength={200} value={label} aria-describedby="share-label-hint" onInput={(e) => setLabel(e.currentTarget.value)} />
              <span id="share-label-hint" class="hint">
                {t('share.labelHint')}
              </span>
            </p>
            <p class="field">
              <label for="share-expiry">{t('share.expiry')}</label>
              <select id="share-expiry" data-testid="share-expiry" value={days} aria-describedby="share-expiry-hint" onChange={(e) => setDays(Number(e.currentTarget.value))}>
                {EXPIRY_DAYS.map((n) => (
                  <option value={n} key={n}>
                    {t('share.days', { count: n })}
                  </option>
                ))}
              </select>
              <span id="share-expiry-hint" class="hint">
                {t('share.expiryHint')}
              </span>
            </p>
            {error}
            <button type="submit" class="primary" data-testid="share-create" disabled={busy} aria-busy={busy ? 'true' : 'false'}>
              {t('share.create')}
            </button>
          </form>
        </section>
        <section aria-labelledby="share-qr-title">
          <h2 id="share-qr-title">{t('share.inPersonTitle')}</h2>
          <p class="hint">{t('share.inPersonHint')}</p>
          <p class="hint">{t('share.answerHint')}</p>
          {answering ? (
            <ScannerPanel onText={answer} busy={busy} />
          ) : (
            <button type="button" class="secondary" data-testid="share-answer" onClick={() => (setProblem(''), setAnswering(true))} disabled={busy}>
              {t('share.answer')}
            </button>
          )}
          {answering && problem && (
            <p role="alert" class="error" data-testid="share-answer-error">
              {problem}
            </p>
          )}
          <p class="hint">{t('share.oneWayHint')}</p>
          <button type="button" class="secondary" data-testid="share-offline-qr" onClick={offlineQr} disabled={busy}>
            {t('share.offlineQr')}
          </button>
        </section>
      </>
    );
  } else {
    body = (
      <>
        <p class="notice" data-testid="share-ready">
          {t('share.ready', { date: formatDateTime(share.expiresAt) })}
        </p>
        <p class="did-value">
          <a href={share.url} data-testid="share-url" dir="ltr" rel="noreferrer">
            {share.url}
          </a>
        </p>
        <div class="confirm">
          <button type="button" class="primary" data-testid="share-copy" onClick={copy}>
            {t('share.copy')}
          </button>
          {typeof navigator.share === 'function' && (
            <button type="button" class="secondary" data-testid="share-system" onClick={systemShare}>
              {t('share.system')}
            </button>
          )}
          <button type="button" class="secondary" data-testid="share-link-qr" onClick={() => setQr({ text: share.url, title: t('share.linkQrTitle'), hint: share.label, testid: 'link-qr' })}>
            {t('share.linkQr')}
          </button>
        </div>
        <p>
          <a href="#/shares" data-testid="share-to-list">
            {t('share.toList')}
          </a>
        </p>
      </>
    );
  }

  const titles = { pick: 'share.stepPick', fields: 'share.stepFields', preview: 'share.stepPreview', link: 'share.stepLink' };
  return (
    <section data-testid="share" data-step={step} aria-labelledby="share-title">
      <h1 id="share-title">{t('share.title')}</h1>
      <h2 ref={heading} tabIndex={-1} data-testid="share-step">
        {t(titles[step])}
      </h2>
      {body}
      {qr && <QrScreen text={qr.text} texts={qr.texts} title={qr.title} hint={qr.hint} testid={qr.testid} onClose={() => setQr(null)} />}
    </section>
  );
}
