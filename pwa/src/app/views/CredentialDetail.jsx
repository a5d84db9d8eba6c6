import { useEffect, useRef, useState } from 'preact/hooks';
import { verifyFile } from '../../api.js';
import { deleteCredential, getCredential, putCredential } from '../../db.js';
import { achievementTypeText, creditsText, formatDate, formatDateTime, languageName, t } from '../../i18n/index.js';
import { backToList, openEditor } from '../route.js';
import { CheckList } from './CheckList.jsx';
import { typeLabel } from './CredentialList.jsx';
import { ResultBadge } from './ResultBadge.jsx';
import { issuerMissing, selfAssertedBy, titleOf } from '../names.js';

const empty = (v) => v == null || v === false || v === '' || (Array.isArray(v) && v.length === 0);

/** One label/value row, shown only when there is a value. Text is rendered as text (escaped). */
function Fact({ label, children, wide, name }) {
  if (empty(children)) return null;
  return (
    <div class={wide ? 'fact wide' : 'fact'} data-testid="fact" data-field={name}>
      <dt>{label}</dt>
      <dd dir="auto">{children}</dd>
    </div>
  );
}

/** schema.org courseMode values in the viewer's language; any other text as it is. */
const MODES = ['online', 'onsite', 'blended'];
const modeLabel = (mode) => (MODES.includes(mode) ? t(`detail.mode.${mode}`) : mode);

/** A list of plain strings, or of objects rendered by `render`. */
function Items({ items, render = (x) => x }) {
  if (!items || !items.length) return null;
  return (
    <ul class="plain">
      {items.map((x, i) => (
        <li key={i}>{render(x)}</li>
      ))}
    </ul>
  );
}

// Only http(s) links are made clickable; anything else is shown as text.
const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
const link = (text, url) =>
  safeUrl(url) ? (
    <a href={safeUrl(url)} rel="noopener noreferrer" target="_blank">
      {text || url}
    </a>
  ) : (
    text || url
  );

const alignment = (a) => link([a.framework, a.code, a.name].filter(Boolean).join(' · '), a.url);
const evidence = (e) => (
  <>
    {link(e.name, e.url)}
    {e.narrative && <span class="sub">{e.narrative}</span>}
  </>
);
const endorsement = (e) => (
  <>
    {e.issuer_name || e.issuer_id}
    {e.comment && <span class="sub">{e.comment}</span>}
  </>
);
const result = (r) => [r.name, r.value].filter(Boolean).join(': ');

/** Pretty-print JSON; show JWTs and anything else as they are. */
function rawText(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text || '');
  }
}

/** The micro-credential fields of one achievement (a credential, or a part of a CLR transcript). */
function AchievementFacts({ d }) {
  return (
    <>
      <Fact name="level" label={t('detail.level')}>
        {d.level}
      </Fact>
      <Fact name="credits" label={t('detail.credits')}>
        {creditsText(d.credits)}
      </Fact>
      <Fact name="workload_hours" label={t('detail.hours')}>
        {d.workload_hours && t('detail.hoursValue', { count: Number(d.workload_hours) })}
      </Fact>
      <Fact name="mode" label={t('detail.mode')}>
        {d.mode && modeLabel(d.mode)}
      </Fact>
      <Fact name="language" label={t('detail.language')}>
        {d.language && languageName(d.language)}
      </Fact>
      <Fact name="description" label={t('detail.description')} wide>
        {d.description}
      </Fact>
      <Fact name="criteria" label={t('detail.criteria')} wide>
        {d.criteria}
      </Fact>
      <Fact name="learning_outcomes" label={t('detail.outcomes')} wide>
        {d.learning_outcomes?.length > 0 && <Items items={d.learning_outcomes} />}
      </Fact>
      <Fact name="assessment" label={t('detail.assessment')} wide>
        {d.assessment}
      </Fact>
      <Fact name="results" label={t('detail.results')} wide>
        {d.results?.length > 0 && <Items items={d.results} render={result} />}
      </Fact>
      <Fact name="quality_assurance" label={t('detail.qa')} wide>
        {d.quality_assurance}
      </Fact>
      <Fact name="prerequisites" label={t('detail.prerequisites')} wide>
        {d.prerequisites?.length > 0 && <Items items={d.prerequisites} />}
      </Fact>
      <Fact name="stacks_into" label={t('detail.stacksInto')} wide>
        {d.stacks_into?.length > 0 && <Items items={d.stacks_into} />}
      </Fact>
      <Fact name="alignments" label={t('detail.alignments')} wide>
        {d.alignments?.length > 0 && <Items items={d.alignments} render={alignment} />}
      </Fact>
      <Fact name="evidence" label={t('detail.evidence')} wide>
        {d.evidence?.length > 0 && <Items items={d.evidence} render={evidence} />}
      </Fact>
      <Fact name="endorsements" label={t('detail.endorsements')} wide>
        {d.endorsements?.length > 0 && <Items items={d.endorsements} render={endorsement} />}
      </Fact>
    </>
  );
}

export function CredentialDetail({ id, lang, refresh, offerUndo, announce }) {
  const [record, setRecord] = useState(undefined);
  const [confirming, setConfirming] = useState(false);
  const [checking, setChecking] = useState(false);
  const heading = useRef(null);
  const confirmButton = useRef(null);

  useEffect(() => {
    getCredential(id)
      .then((r) => setRecord(r || null))
      .catch(() => setRecord(null));
  }, [id]);
  useEffect(() => {
    if (record !== undefined) heading.current?.focus();
  }, [record === undefined]);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const back = (
    <button type="button" class="back" data-testid="back" onClick={backToList}>
      <span aria-hidden="true">‹</span> {t('detail.back')}
    </button>
  );
  if (record === undefined) return back;
  if (record === null) {
    return (
      <section data-testid="credential-detail">
        {back}
        <h1 ref={heading} tabIndex={-1}>
          {t('detail.notFound')}
        </h1>
      </section>
    );
  }

  const v = record.verdict;
  const d = v.display || {};
  const issuer = v.issuer || {};
  const self = Boolean(record.selfAsserted);
  const trusted = issuer.trusted === true ? t('detail.trusted') : issuer.trusted === false ? t('detail.notTrusted') : null;
  const image = typeof d.image === 'string' && /^data:image\/(png|jpeg|gif|webp);/.test(d.image) ? d.image : null;
  const name = titleOf(record);

  const remove = async () => {
    await deleteCredential(record.id);
    await refresh();
    backToList();
    offerUndo(t('delete.done', { name }), async () => {
      await putCredential(record);
      return t('delete.restored', { name });
    });
  };

  const checkAgain = async () => {
    setChecking(true);
    announce(t('detail.checking'));
    const res = await verifyFile(new Blob([record.credential], { type: 'text/plain' }), lang);
    setChecking(false);
    if (!res.ok) {
      announce(res.kind === 'offline' ? t('detail.recheckOffline') : t('import.serverError'));
      return;
    }
    const updated = { ...record, verdict: res.verdict };
    await putCredential(updated);
    setRecord(updated);
    await refresh();
    announce(t('detail.rechecked', { result: t(`result.${res.verdict.result}`) }));
  };

  return (
    <article class="detail" data-testid="credential-detail" aria-labelledby="detail-title">
      {back}
      <header class="detail-head">
        {image && <img class="detail-image" src={image} alt="" width="72" height="72" />}
        <h1 id="detail-title" ref={heading} tabIndex={-1} dir="auto">
          {name}
        </h1>
        <ResultBadge result={self ? 'self_asserted' : v.result} />
      </header>
      {self && (
        <div class="notice" data-testid="self-asserted-note">
          <p>{record.selfAssertedBy ? t('experience.noteOther', { did: record.selfAssertedBy }) : t('experience.note')}</p>
          {!record.selfAssertedBy && (
            <button type="button" class="secondary" data-testid="edit-entry" onClick={() => openEditor(record.id)}>
              {t('experience.edit')}
            </button>
          )}
        </div>
      )}
      <dl class="facts">
        <Fact name="issuer" label={t('detail.issuer')}>
          {self ? selfAssertedBy(record) : link(d.issuer_name || issuer.name || issuerMissing(v) || t('detail.unknown'), d.issuer_url)}
          {!self && trusted && <span class="sub">{trusted}</span>}
        </Fact>
        <Fact name="issuer_id" label={t('detail.issuerId')} wide>
          {(d.issuer_id || issuer.id) && <code dir="ltr">{d.issuer_id || issuer.id}</code>}
        </Fact>
        <Fact name="subject" label={t('detail.subject')}>
          {d.subject_name}
        </Fact>
        <Fact name="subject_id" label={t('detail.subjectId')} wide>
          {!self && (d.subject_id || v.subject) && <code dir="ltr">{d.subject_id || v.subject}</code>}
        </Fact>
        <Fact name="organisation" label={t('experience.organisation')}>
          {d.organisation}
        </Fact>
        <Fact name="period" label={t('experience.period')}>
          {(d.start || d.end) && [formatDate(d.start), formatDate(d.end) || t('experience.ongoing')].filter(Boolean).join(' – ')}
        </Fact>
        <Fact name="issued" label={t('detail.issued')}>
          {d.issued && formatDate(d.issued)}
        </Fact>
        <Fact name="expires" label={t('detail.expires')}>
          {self ? null : d.expires ? formatDate(d.expires) : t('detail.noExpiry')}
        </Fact>
        <Fact name="type" label={t('detail.type')}>
          {typeLabel(record)}
        </Fact>
        <AchievementFacts d={d} />
      </dl>
      {d.parts?.length > 0 && (
        <details class="parts" data-testid="clr-parts">
          <summary>{t('detail.parts', { n: d.parts.length })}</summary>
          <ol class="plain">
            {d.parts.map((p, i) => (
              <li key={i} data-testid="clr-part">
                <p class="part-name" dir="auto">
                  <strong>{p.name || t('detail.untitled')}</strong>
                </p>
                <dl class="facts">
                  <Fact name="issuer" label={t('detail.issuer')}>
                    {p.issuer_name !== d.issuer_name && p.issuer_name}
                  </Fact>
                  <Fact name="type" label={t('detail.type')}>
                    {achievementTypeText(p.achievement_type)}
                  </Fact>
                  <Fact name="issued" label={t('detail.issued')}>
                    {p.issued && formatDate(p.issued)}
                  </Fact>
                  <AchievementFacts d={p} />
                </dl>
              </li>
            ))}
          </ol>
        </details>
      )}
      {!self && (
        <section aria-labelledby="checks-title" data-testid="verdict-checks">
          <h2 id="checks-title">{t('detail.checks')}</h2>
          <CheckList checks={v.checks || []} />
          {v.checked_at && (
            <p class="hint" data-testid="checked-at">
              {t('detail.checkedAt', { date: formatDateTime(v.checked_at) })}
            </p>
          )}
          <button type="button" class="secondary" data-testid="check-again" onClick={checkAgain} disabled={checking}>
            {t('detail.checkAgain')}
          </button>
        </section>
      )}
      <details class="raw" data-testid="raw">
        <summary>{t('detail.raw')}</summary>
        <pre dir="ltr" tabIndex={0}>
          <code>{rawText(record.credential)}</code>
        </pre>
      </details>
      <section class="danger" aria-labelledby="delete-title">
        <h2 id="delete-title" class="visually-hidden">
          {t('delete.title')}
        </h2>
        {confirming ? (
          <div role="group" aria-labelledby="delete-question" class="confirm">
            <p id="delete-question">{t('delete.confirm', { name })}</p>
            <button type="button" class="danger-button" data-testid="confirm-delete" ref={confirmButton} onClick={remove}>
              {t('delete.yes')}
            </button>
            <button type="button" class="secondary" data-testid="cancel-delete" onClick={() => setConfirming(false)}>
              {t('delete.no')}
            </button>
          </div>
        ) : (
          <button type="button" class="secondary" data-testid="delete-credential" onClick={() => setConfirming(true)}>
            {t('delete.button')}
          </button>
        )}
      </section>
    </article>
  );
}
