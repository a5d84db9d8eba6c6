import { useEffect, useMemo, useState } from 'preact/hooks';
import { removeQueued } from '../../db.js';
import { achievementTypeText, formatDate, formatNumber, t } from '../../i18n/index.js';
import { aggregateSkills, skillKeysOf } from '../../wallet/skills.js';
import { openCredential, takeLastOpened } from '../route.js';
import { ResultBadge } from './ResultBadge.jsx';
import { issuerNameOf, selfAssertedBy, titleOf } from '../names.js';

const PAGE = 25; // cards rendered at a time: the list stays fast with thousands of credentials

const issuerOf = issuerNameOf;
const resultOf = (r) => (r.selfAsserted ? 'self_asserted' : r.verdict.result);
export const typeLabel = (r) => {
  const type = r.verdict.display?.achievement_type;
  if (r.selfAsserted) return t(`experience.kind.${type}`);
  return achievementTypeText(type);
};

// Search entries are built once per record object and reused across renders.
const entries = new WeakMap();
function entryOf(r) {
  let e = entries.get(r);
  if (!e) {
    const d = r.verdict.display || {};
    const skills = (d.alignments || []).map((a) => [a.name, a.code, a.framework].filter(Boolean).join(' '));
    e = {
      record: r,
      issuer: issuerOf(r),
      type: typeLabel(r),
      result: resultOf(r),
      skills: skillKeysOf(r),
      date: d.issued || r.importedAt || '',
      text: [d.name, d.description, issuerOf(r), typeLabel(r), ...skills].filter(Boolean).join('\n').toLowerCase(),
    };
    entries.set(r, e);
  }
  return e;
}

function Card({ record }) {
  const { display = {} } = record.verdict;
  const issuerName = record.selfAsserted ? selfAssertedBy(record) : issuerOf(record) || t('detail.unknown');
  const open = (e) => {
    e.preventDefault();
    openCredential(record.id);
  };
  return (
    <li class="card" data-testid="credential-card" data-id={record.id}>
      <a href={`#/credential/${record.id}`} onClick={open}>
        <h3 class="card-title" dir="auto">
          {titleOf(record)}
        </h3>
        <p class="card-issuer" dir="auto">
          {t('card.issuedBy', { issuer: issuerName })}
        </p>
        {display.issued && <p class="card-date">{t('card.issuedOn', { date: formatDate(display.issued) })}</p>}
        <ResultBadge result={resultOf(record)} />
      </a>
    </li>
  );
}

function QueuedCard({ item, refresh }) {
  const failed = item.state === 'failed';
  const duplicate = item.state === 'duplicate';
  const discard = async () => {
    await removeQueued(item.id);
    await refresh();
  };
  return (
    <li class="card queued" data-testid="queued-card" data-state={item.state} data-kind={item.kind || 'import'}>
      <div class="card-body">
        <h3 class="card-title" dir="auto">
          {item.name}
        </h3>
        <p data-testid="queued-status">
          {duplicate
            ? t('queue.duplicate', { name: item.existingName || item.name })
            : failed
              ? t('queue.failed')
              : t(item.kind === 'deferred' ? 'queue.deferred' : 'queue.waiting')}
        </p>
        {failed && item.error && (
          <p class="check-reason" dir="auto">
            {item.error}
          </p>
        )}
        <button type="button" class="secondary small" data-testid="discard-queued" onClick={discard}>
          {duplicate ? t('queue.dismiss') : t('queue.discard')}
        </button>
      </div>
    </li>
  );
}

function Select({ id, label, value, onChange, options, all }) {
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <select id={id} data-testid={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option value={v} key={v}>
            {text}
          </option>
        ))}
      </select>
    </p>
  );
}

const uniq = (values) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b)).map((v) => [v, v]);

export function CredentialList({ credentials, queue = [], refresh }) {
  const [q, setQ] = useState('');
  const [issuer, setIssuer] = useState('');
  const [type, setType] = useState('');
  const [result, setResult] = useState('');
  const [skill, setSkill] = useState('');
  const [sort, setSort] = useState('newest');
  const [limit, setLimit] = useState(PAGE);

  // Coming back from a detail view: put focus back on the card that was opened.
  useEffect(() => {
    const id = takeLastOpened();
    if (id) document.querySelector(`[data-id="${CSS.escape(id)}"] a`)?.focus();
  }, []);
  useEffect(() => setLimit(PAGE), [q, issuer, type, result, skill, sort]);

  const all = useMemo(() => credentials.map(entryOf), [credentials]);
  const facets = useMemo(
    () => ({
      issuers: uniq(all.map((e) => e.issuer)),
      types: uniq(all.map((e) => e.type)),
      skills: aggregateSkills(credentials).map((s) => [s.key, [s.name, s.framework].filter(Boolean).join(' · ')]),
    }),
    [all],
  );
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const out = all.filter(
      (e) =>
        (!needle || e.text.includes(needle)) &&
        (!issuer || e.issuer === issuer) &&
        (!type || e.type === type) &&
        (!result || e.result === result) &&
        (!skill || e.skills.has(skill)),
    );
    const dir = sort === 'oldest' ? 1 : -1;
    return out.sort((a, b) => (a.date < b.date ? -dir : a.date > b.date ? dir : 0));
  }, [all, q, issuer, type, result, skill, sort]);

  const filtering = q || issuer || type || result || skill;
  return (
    <section class="list" aria-labelledby="list-title" data-testid="credential-list">
      <h2 id="list-title">{t('list.title')}</h2>
      {queue.length > 0 && (
        <ul class="cards" aria-label={t('queue.title')}>
          {queue.map((item) => (
            <QueuedCard item={item} refresh={refresh} key={item.id} />
          ))}
        </ul>
      )}
      {credentials.length === 0 ? (
        <p class="empty">{t('list.empty')}</p>
      ) : (
        <>
          <div class="tools" role="search">
            <p class="field search">
              <label for="search" class="visually-hidden">
                {t('list.search')}
              </label>
              <input id="search" type="search" data-testid="search" placeholder={t('list.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
            </p>
            <details class="filters">
              <summary>{t('list.filters')}</summary>
              <Select id="filter-issuer" label={t('list.issuer')} value={issuer} onChange={setIssuer} options={facets.issuers} all={t('list.any')} />
              <Select id="filter-type" label={t('list.type')} value={type} onChange={setType} options={facets.types} all={t('list.any')} />
              <Select
                id="filter-status"
                label={t('list.status')}
                value={result}
                onChange={setResult}
                options={['valid', 'could_not_check', 'invalid', 'self_asserted'].map((r) => [r, t(`result.${r}`)])}
                all={t('list.any')}
              />
              <Select id="filter-skill" label={t('list.skill')} value={skill} onChange={setSkill} options={facets.skills} all={t('list.any')} />
              <p class="field">
                <label for="sort">{t('list.sort')}</label>
                <select id="sort" data-testid="sort" value={sort} onChange={(e) => setSort(e.currentTarget.value)}>
                  <option value="newest">{t('list.newest')}</option>
                  <option value="oldest">{t('list.oldest')}</option>
                </select>
              </p>
            </details>
          </div>
          <p class="hint" data-testid="list-count" role="status">
            {filtering
              ? t('list.countFiltered', { shown: formatNumber(shown.length), count: all.length })
              : t('list.count', { count: all.length })}
          </p>
          {shown.length === 0 ? (
            <p class="empty">{t('list.noMatch')}</p>
          ) : (
            <ul class="cards">
              {shown.slice(0, limit).map((e) => (
                <Card record={e.record} key={e.record.id} />
              ))}
            </ul>
          )}
          {shown.length > limit && (
            <button type="button" class="secondary" data-testid="show-more" onClick={() => setLimit(limit + PAGE * 4)}>
              {t('list.more', { count: formatNumber(shown.length - limit) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}
