// The printable skills passport (A4 and phone): the credentials the learner ticks (verified ones
// to start with), each with title, issuer, dates, standing, skills and a QR code: its own web
// address when it has one, and, online, one share link for all of them (decision D28).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { formatDate, formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { defaultPrintIds, standingOf, verificationUrlOf } from '../../wallet/passport.js';
import { MAX_CREDENTIALS } from '../../wallet/present.js';
import { issuerNameOf, titleOf } from '../names.js';
import { createShareLink } from '../share/link.js';
import { QrCode } from '../share/QrScreen.jsx';
import { StandingBadge } from './StandingBadge.jsx';

const LINK_DAYS = 90; // the longest a share link may last (server/shares max_share_days)

const issuerOf = (r) => (r.selfAsserted ? t('experience.byYou') : issuerNameOf(r) || t('detail.unknown'));

function Item({ record, standing, url, link }) {
  const d = record.verdict?.display || {};
  const skills = (d.alignments || []).map((a) => a.name || a.code).filter(Boolean);
  return (
    <li class="print-item" data-testid="print-item" data-id={record.id}>
      <div class="print-text">
        <h3 dir="auto">{titleOf(record)}</h3>
        <p dir="auto">{t('card.issuedBy', { issuer: issuerOf(record) })}</p>
        <p>
          {[d.issued && t('card.issuedOn', { date: formatDate(d.issued) }), d.expires && t('print.expiresOn', { date: formatDate(d.expires) })].filter(Boolean).join(' · ')}
        </p>
        <StandingBadge standing={standing} />
        {skills.length > 0 && (
          <p dir="auto" data-testid="print-skills">
            {t('print.skills', { skills: skills.join(', ') })}
          </p>
        )}
        {!url && (
          <p class="hint" data-testid="print-no-qr">
            {t(link ? 'print.inLink' : 'print.noQr')}
          </p>
        )}
      </div>
      {url && (
        <div class="print-qr">
          <QrCode text={url} label={t('print.ownQr', { name: titleOf(record) })} />
          <p class="print-url" dir="ltr">
            {url}
          </p>
        </div>
      )}
    </li>
  );
}

export function PrintPassport({ credentials, wallet, lang, announce, onBack }) {
  const standings = useMemo(() => new Map(credentials.map((r) => [r.id, standingOf(r)])), [credentials]);
  const urls = useMemo(() => new Map(credentials.map((r) => [r.id, verificationUrlOf(r)])), [credentials]);
  const [picked, setPicked] = useState(() => new Set(defaultPrintIds(credentials)));
  const [link, setLink] = useState(null); // the share made for the ticked credentials
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);

  const chosen = credentials.filter((r) => picked.has(r.id));
  // The link is for the ticked credentials without a web address of their own (those have their QR).
  const linked = chosen.filter((r) => !urls.get(r.id));
  const toggle = (id) => {
    const next = new Set(picked);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
    setLink(null); // a link names its credentials: another choice needs another link
  };

  const makeLink = async () => {
    setProblem('');
    if (!linked.length) return setProblem(t(chosen.length ? 'print.linkNotNeeded' : 'print.none'));
    if (linked.length > MAX_CREDENTIALS) return setProblem(t('print.linkTooMany', { max: MAX_CREDENTIALS }));
    if (navigator.onLine === false) return setProblem(t('print.linkOffline'));
    setBusy(true);
    try {
      const items = linked.map((r) => ({ text: r.credential, paths: [] }));
      setLink(await createShareLink(items, wallet, lang, { label: t('print.linkLabel'), days: LINK_DAYS }));
      announce(t('share.created'));
    } catch (err) {
      setProblem(navigator.onLine === false ? t('print.linkOffline') : err.message || String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section data-testid="passport-printable" aria-labelledby="print-title">
      <div class="no-print">
        <button type="button" class="back" data-testid="print-back" onClick={onBack}>
          <span aria-hidden="true">‹</span> {t('print.back')}
        </button>
      </div>
      <h1 id="print-title" ref={heading} tabIndex={-1}>
        {t('passport.title')}
      </h1>
      <div class="no-print">
        <p class="hint">{t('print.intro')}</p>
        <fieldset class="picks">
          <legend>{t('print.pickLegend')}</legend>
          {credentials.map((r) => (
            <label class="pick" key={r.id}>
              <input type="checkbox" data-testid="print-pick" data-id={r.id} checked={picked.has(r.id)} onChange={() => toggle(r.id)} />
              <span>
                <span class="pick-name" dir="auto">
                  {titleOf(r)}
                </span>
                <StandingBadge standing={standings.get(r.id)} testid="print-pick-standing" />
              </span>
            </label>
          ))}
        </fieldset>
        <h2>{t('print.linkTitle')}</h2>
        <p class="hint">{t('print.linkHint', { days: formatNumber(LINK_DAYS), max: formatNumber(MAX_CREDENTIALS) })}</p>
        <button type="button" class="secondary" data-testid="print-make-link" onClick={makeLink} disabled={busy || Boolean(link)} aria-busy={busy ? 'true' : 'false'}>
          {t('print.makeLink')}
        </button>
        {problem && (
          <p role="alert" class="error" data-testid="print-error">
            {problem}
          </p>
        )}
        <button type="button" class="primary" data-testid="print-now" onClick={() => print()} disabled={!chosen.length}>
          {t('passport.print')}
        </button>
      </div>
      <div class="print-sheet" data-testid="print-sheet">
        <p class="hint">{t('print.sheetNote', { date: formatDateTime(new Date().toISOString()), count: chosen.length })}</p>
        {link && (
          <div class="print-link" data-testid="print-link">
            <QrCode text={link.url} label={t('print.linkQrLabel')} />
            <div>
              <p>{t('print.linkValid', { date: formatDate(link.expiresAt) })}</p>
              <p class="print-url" dir="ltr">
                {link.url}
              </p>
            </div>
          </div>
        )}
        {chosen.length === 0 ? (
          <p class="empty">{t('print.none')}</p>
        ) : (
          <ul class="plain print-list">
            {chosen.map((r) => (
              <Item record={r} standing={standings.get(r.id)} url={urls.get(r.id)} link={link} key={r.id} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
