import { useEffect, useRef, useState } from 'preact/hooks';
import { getCredential } from '../../db.js';
import { formatDate, formatDateTime, t } from '../../i18n/index.js';
import { backToList } from '../route.js';
import { CheckList } from './CheckList.jsx';
import { ResultBadge } from './ResultBadge.jsx';

/** One label/value row, shown only when there is a value. Text is rendered as text (escaped). */
function Fact({ label, children, wide }) {
  if (children == null || children === false || children === '' || (Array.isArray(children) && children.length === 0)) return null;
  return (
    <div class={wide ? 'fact wide' : 'fact'}>
      <dt>{label}</dt>
      <dd dir="auto">{children}</dd>
    </div>
  );
}

function Alignments({ items }) {
  if (!items || !items.length) return null;
  return (
    <ul class="plain">
      {items.map((a, i) => (
        <li key={i}>
          {[a.framework, a.code, a.name].filter(Boolean).join(' · ')}
        </li>
      ))}
    </ul>
  );
}

export function CredentialDetail({ id }) {
  const [record, setRecord] = useState(undefined);
  const heading = useRef(null);

  useEffect(() => {
    getCredential(id)
      .then((r) => setRecord(r || null))
      .catch(() => setRecord(null));
  }, [id]);
  useEffect(() => {
    if (record !== undefined) heading.current?.focus();
  }, [record]);

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
  const trusted = issuer.trusted === true ? t('detail.trusted') : issuer.trusted === false ? t('detail.notTrusted') : null;
  const image = typeof d.image === 'string' && /^data:image\/(png|jpeg|gif|webp);/.test(d.image) ? d.image : null;

  return (
    <article class="detail" data-testid="credential-detail" aria-labelledby="detail-title">
      {back}
      <header class="detail-head">
        {image && <img class="detail-image" src={image} alt="" width="72" height="72" />}
        <h1 id="detail-title" ref={heading} tabIndex={-1} dir="auto">
          {d.name || t('detail.untitled')}
        </h1>
        <ResultBadge result={v.result} />
      </header>
      <dl class="facts">
        <Fact label={t('detail.issuer')}>
          {d.issuer_name || issuer.name || t('detail.unknown')}
          {trusted && <span class="sub">{trusted}</span>}
        </Fact>
        <Fact label={t('detail.issuerId')} wide>
          {(d.issuer_id || issuer.id) && <code dir="ltr">{d.issuer_id || issuer.id}</code>}
        </Fact>
        <Fact label={t('detail.subject')}>{d.subject_name}</Fact>
        <Fact label={t('detail.issued')}>{d.issued && formatDate(d.issued)}</Fact>
        <Fact label={t('detail.expires')}>{d.expires ? formatDate(d.expires) : t('detail.noExpiry')}</Fact>
        <Fact label={t('detail.type')}>{d.achievement_type}</Fact>
        <Fact label={t('detail.level')}>{d.level}</Fact>
        <Fact label={t('detail.credits')}>{d.credits}</Fact>
        <Fact label={t('detail.mode')}>{d.mode}</Fact>
        <Fact label={t('detail.description')} wide>
          {d.description}
        </Fact>
        <Fact label={t('detail.criteria')} wide>
          {d.criteria}
        </Fact>
        <Fact label={t('detail.outcomes')} wide>
          {d.learning_outcomes?.length > 0 && (
            <ul class="plain">
              {d.learning_outcomes.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
          )}
        </Fact>
        <Fact label={t('detail.alignments')} wide>
          {d.alignments?.length > 0 && <Alignments items={d.alignments} />}
        </Fact>
      </dl>
      <section aria-labelledby="checks-title" data-testid="verdict-checks">
        <h2 id="checks-title">{t('detail.checks')}</h2>
        <CheckList checks={v.checks || []} />
        {v.checked_at && <p class="hint">{t('detail.checkedAt', { date: formatDateTime(v.checked_at) })}</p>}
      </section>
    </article>
  );
}
