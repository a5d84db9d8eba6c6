import { useMemo, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index.js';
import { aggregateSkills } from '../../wallet/skills.js';
import { openCredential } from '../route.js';
import { ResultBadge } from './ResultBadge.jsx';

const FIRST = 5; // backing credentials shown per skill before "show all"

export function Skills({ credentials }) {
  const skills = useMemo(() => aggregateSkills(credentials), [credentials]);
  const [open, setOpen] = useState(() => new Set());
  const showAll = (key) => setOpen(new Set(open).add(key));
  return (
    <section data-testid="skills" aria-labelledby="skills-title">
      <h1 id="skills-title">{t('skills.title')}</h1>
      <p class="hint">{t('skills.intro')}</p>
      {skills.length === 0 ? (
        <p class="empty">{t('skills.empty')}</p>
      ) : (
        <ul class="cards">
          {skills.map((s) => (
            <li class="card skill" data-testid="skill" data-key={s.key} key={s.key}>
              <div class="card-body">
                <h2 class="card-title" dir="auto">
                  {s.name}
                </h2>
                {(s.framework || s.code) && (
                  <p class="sub" dir="auto">
                    {[s.framework, s.code].filter(Boolean).join(' · ')}
                  </p>
                )}
                <p>{t('skills.backedBy', { count: s.records.length })}</p>
                <ul class="plain backing">
                  {(open.has(s.key) ? s.records : s.records.slice(0, FIRST)).map((r) => (
                    <li key={r.id}>
                      <a
                        href={`#/credential/${r.id}`}
                        data-testid="skill-credential"
                        onClick={(e) => {
                          e.preventDefault();
                          openCredential(r.id);
                        }}
                        dir="auto"
                      >
                        {r.verdict.display?.name || t('detail.untitled')}
                      </a>{' '}
                      <ResultBadge result={r.selfAsserted ? 'self_asserted' : r.verdict.result} />
                    </li>
                  ))}
                </ul>
                {!open.has(s.key) && s.records.length > FIRST && (
                  <button type="button" class="secondary small" onClick={() => showAll(s.key)}>
                    {t('skills.showAll', { count: formatNumber(s.records.length) })}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
