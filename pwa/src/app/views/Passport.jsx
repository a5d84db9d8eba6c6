// The skills passport (#/passport, also #/skills): every skill the wallet can show, grouped by
// framework, with the credentials backing each one and their standing; pathway progress; and
// the printable page.
import { useMemo, useState } from 'preact/hooks';
import { formatNumber, t } from '../../i18n/index.js';
import { buildPassport } from '../../wallet/passport.js';
import { titleOf } from '../names.js';
import { openCredential } from '../route.js';
import { PathwayList, usePathways } from './Pathways.jsx';
import { PrintPassport } from './PrintPassport.jsx';
import { StandingBadge } from './StandingBadge.jsx';

const FIRST = 5; // backing credentials shown per skill before "show all"

function Summary({ summary }) {
  const parts = [
    t('passport.summarySkills', { count: summary.skills }),
    t('passport.summaryCredentials', { count: summary.credentials }),
    t('passport.summaryVerified', { count: summary.verified }),
  ];
  return (
    <p class="passport-summary" data-testid="passport-summary" data-skills={summary.skills} data-credentials={summary.credentials} data-verified={summary.verified}>
      {parts.join(' · ')}
    </p>
  );
}

function Skill({ skill, open, onShowAll }) {
  const shown = open ? skill.backing : skill.backing.slice(0, FIRST);
  return (
    <li class="card skill" data-testid="skill" data-key={skill.key} data-standing={skill.standing}>
      <div class="card-body">
        <h4 class="card-title" dir="auto">
          {skill.name}
        </h4>
        {skill.code && (
          <p class="sub" dir="auto">
            {skill.code}
          </p>
        )}
        <StandingBadge standing={skill.standing} testid="skill-standing" />
        <p>{t('skills.backedBy', { count: skill.backing.length })}</p>
        <ul class="plain backing">
          {shown.map(({ record, standing }) => (
            <li key={record.id} data-testid="skill-backing" data-standing={standing}>
              <a
                href={`#/credential/${record.id}`}
                data-testid="skill-credential"
                onClick={(e) => {
                  e.preventDefault();
                  openCredential(record.id);
                }}
                dir="auto"
              >
                {titleOf(record)}
              </a>{' '}
              <StandingBadge standing={standing} />
            </li>
          ))}
        </ul>
        {!open && skill.backing.length > FIRST && (
          <button type="button" class="secondary small" data-testid="skill-show-all" onClick={onShowAll}>
            {t('skills.showAll', { count: formatNumber(skill.backing.length) })}
          </button>
        )}
      </div>
    </li>
  );
}

export function Passport(props) {
  const { credentials, lang } = props;
  const passport = useMemo(() => buildPassport(credentials), [credentials]);
  const pathways = usePathways(lang);
  const [open, setOpen] = useState(() => new Set());
  const [printing, setPrinting] = useState(false);
  if (printing) return <PrintPassport {...props} onBack={() => setPrinting(false)} />;
  return (
    <section data-testid="passport" aria-labelledby="passport-title">
      <h1 id="passport-title">{t('passport.title')}</h1>
      <p class="hint">{t('passport.intro')}</p>
      <Summary summary={passport.summary} />
      <div class="confirm passport-actions">
        <button type="button" class="secondary" data-testid="passport-print" onClick={() => setPrinting(true)}>
          {t('passport.print')}
        </button>
        <a href="#/record" data-testid="passport-export">
          {t('passport.export')}
        </a>
      </div>
      <h2>{t('passport.skillsTitle')}</h2>
      {passport.groups.length === 0 && <p class="empty">{t('skills.empty')}</p>}
      {passport.groups.map((g) => {
        const id = `framework-${g.framework || 'none'}`.replace(/[^\w-]/g, '_');
        return (
          <section class="framework" data-testid="framework-group" data-framework={g.framework} aria-labelledby={id} key={g.framework}>
            <h3 id={id} dir="auto">
              {g.framework || t('passport.noFramework')} <span class="sub inline">({formatNumber(g.skills.length)})</span>
            </h3>
            <ul class="cards">
              {g.skills.map((s) => (
                <Skill skill={s} key={s.key} open={open.has(s.key)} onShowAll={() => setOpen(new Set(open).add(s.key))} />
              ))}
            </ul>
          </section>
        );
      })}
      <h2>{t('passport.pathwaysTitle')}</h2>
      <PathwayList data={pathways} credentials={credentials} lang={lang} level={3} />
    </section>
  );
}
