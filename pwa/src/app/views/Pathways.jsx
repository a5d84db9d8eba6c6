import { useEffect, useMemo, useState } from 'preact/hooks';
import { getPathways } from '../../api.js';
import { getCached, putCached } from '../../db.js';
import { formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { localised, pathwayProgress, unversioned } from '../../wallet/pathways.js';
import { openCredential } from '../route.js';

const KEY = 'pathways';

/** The pathways from the network, else the copy kept in IndexedDB. state: loading | fresh | cached | none */
export function usePathways(lang) {
  const [data, setData] = useState({ state: 'loading' });
  useEffect(() => {
    let live = true;
    (async () => {
      const cached = await getCached(KEY).catch(() => undefined);
      if (live && cached) setData({ ...cached, state: 'loading' });
      const fresh = await getPathways(lang);
      if (!live) return;
      if (fresh) {
        const value = { ...fresh, fetchedAt: new Date().toISOString() };
        setData({ ...value, state: 'fresh' });
        putCached(KEY, value).catch(() => {});
      } else setData(cached ? { ...cached, state: 'cached' } : { state: 'none' });
    })();
    return () => (live = false);
  }, [lang]);
  return data;
}

function Step({ step, name }) {
  const held = Boolean(step.record);
  return (
    <li class={held ? 'step held' : 'step'} data-testid="pathway-step" data-held={held ? 'true' : 'false'} data-slug={step.slug}>
      <span class="step-mark" aria-hidden="true">
        {held ? '✓' : '○'}
      </span>
      <span>
        {held ? (
          <a
            href={`#/credential/${step.record.id}`}
            dir="auto"
            onClick={(e) => {
              e.preventDefault();
              openCredential(step.record.id);
            }}
          >
            {name}
          </a>
        ) : (
          <span dir="auto">{name}</span>
        )}
        <span class="sub">{held ? t('pathways.held') : t('pathways.notYet')}</span>
      </span>
    </li>
  );
}

/** Each pathway's progress as cards, with the pathways' own state (cached, loading, none); titles at `level`. */
export function PathwayList({ data, credentials, lang, level = 2 }) {
  const Title = `h${level}`;
  const progress = useMemo(() => (data.pathways ? pathwayProgress(data.pathways, credentials) : []), [data, credentials]);
  const names = useMemo(() => {
    const m = new Map();
    for (const a of data.achievements || []) m.set(unversioned(a.id), localised(a.name, lang));
    return m;
  }, [data, lang]);
  const nameOf = (ref, record) =>
    names.get(unversioned(ref.id)) || record?.verdict?.display?.name || ref.slug || ref.id;

  return (
    <>
      {data.state === 'cached' && (
        <p class="notice" data-testid="pathways-cached">
          {t('pathways.offline', { date: formatDateTime(data.fetchedAt) })}
        </p>
      )}
      {data.state === 'loading' && !data.pathways && (
        <p class="hint" aria-busy="true">
          {t('app.loading')}
        </p>
      )}
      {data.state === 'none' && <p class="empty">{t('pathways.unavailable')}</p>}
      {data.pathways && data.pathways.length === 0 && <p class="empty">{t('pathways.empty')}</p>}
      <ul class="cards">
        {progress.map(({ pathway, steps, held, total }) => {
          const id = `pathway-${pathway.slug}`;
          return (
            <li class="card pathway" data-testid="pathway" data-slug={pathway.slug} key={pathway.id}>
              <div class="card-body">
                <Title class="card-title" id={id} dir="auto">
                  {localised(pathway.name, lang)}
                </Title>
                {pathway.description && <p dir="auto">{localised(pathway.description, lang)}</p>}
                <p class="progress-text" data-testid="pathway-progress" data-held={held} data-total={total}>
                  {t('pathways.progress', { held: formatNumber(held), total: formatNumber(total) })}
                </p>
                <progress max={total} value={held} aria-labelledby={id} />
                <ul class="plain steps">
                  {steps.map((s) => (
                    <Step step={s} name={nameOf(s, s.record)} key={s.id} />
                  ))}
                </ul>
                {pathway.awards && (
                  <p dir="auto">
                    {held === total && total > 0
                      ? t('pathways.complete', { name: nameOf(pathway.awards) })
                      : t('pathways.earns', { name: nameOf(pathway.awards) })}
                  </p>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function Pathways({ credentials, lang }) {
  const data = usePathways(lang);
  return (
    <section data-testid="pathways" aria-labelledby="pathways-title">
      <h1 id="pathways-title">{t('pathways.title')}</h1>
      <p class="hint">{t('pathways.intro')}</p>
      <PathwayList data={data} credentials={credentials} lang={lang} />
    </section>
  );
}
