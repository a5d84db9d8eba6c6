import { useRef, useState } from 'preact/hooks';
import { addCredential } from '../../db.js';
import { t } from '../../i18n/index.js';
import { newId } from '../../wallet/importer.js';
import { EXPERIENCE_KINDS, MAX_SKILLS, selfAssertedCredential, selfAssertedVerdict, skillNames } from '../../wallet/sign.js';
import { openCredential } from '../route.js';

export function Experience({ wallet, refresh, announce }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // The field the message is about ('title' or 'end'), so that only it is marked invalid.
  const [errorField, setErrorField] = useState('');
  const titleInput = useRef(null);
  const endInput = useRef(null);
  const skillsInput = useRef(null);

  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const form = Object.fromEntries(['kind', 'title', 'organisation', 'description', 'start', 'end'].map((k) => [k, String(f.get(k) || '').trim()]));
    form.skills = skillNames(f.get('skills'));
    if (!form.title) {
      setError(t('experience.needTitle'));
      setErrorField('title');
      titleInput.current?.focus();
      return;
    }
    // Dates are YYYY-MM-DD (input type=date), so text order is date order.
    if (form.start && form.end && form.end < form.start) {
      setError(t('experience.endBeforeStart'));
      setErrorField('end');
      endInput.current?.focus();
      return;
    }
    if (form.skills.length > MAX_SKILLS) {
      setError(t('experience.tooManySkills', { max: MAX_SKILLS }));
      setErrorField('skills');
      skillsInput.current?.focus();
      return;
    }
    setBusy(true);
    setError('');
    setErrorField('');
    try {
      const credential = await selfAssertedCredential(form, wallet);
      const verdict = selfAssertedVerdict(credential);
      const record = { id: newId(), credential: verdict.credential, verdict, importedAt: new Date().toISOString(), selfAsserted: true };
      await addCredential(record);
      await refresh();
      announce(t('experience.added', { name: form.title }));
      history.replaceState(null, '', '#/');
      openCredential(record.id);
    } catch (err) {
      setError(t('experience.failed', { reason: err?.message || err }));
      setBusy(false);
    }
  };

  return (
    <section data-testid="experience" aria-labelledby="experience-title">
      <h1 id="experience-title">{t('experience.title')}</h1>
      <p class="hint">{t('experience.intro')}</p>
      <form onSubmit={submit} noValidate>
        <p class="field">
          <label for="exp-kind">{t('experience.kind')}</label>
          <select id="exp-kind" name="kind" data-testid="experience-kind">
            {EXPERIENCE_KINDS.map((k) => (
              <option value={k} key={k}>
                {t(`experience.kind.${k}`)}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="exp-title">{t('experience.titleLabel')}</label>
          <input id="exp-title" name="title" ref={titleInput} required aria-required="true" data-testid="experience-title" aria-invalid={errorField === 'title' ? 'true' : undefined} aria-describedby={errorField === 'title' ? 'exp-error' : undefined} />
        </p>
        <p class="field">
          <label for="exp-org">{t('experience.organisation')}</label>
          <input id="exp-org" name="organisation" data-testid="experience-organisation" />
        </p>
        <p class="field">
          <label for="exp-desc">{t('experience.description')}</label>
          <textarea id="exp-desc" name="description" rows={4} data-testid="experience-description" />
        </p>
        <p class="field">
          <label for="exp-skills">{t('experience.skills')}</label>
          <input id="exp-skills" name="skills" ref={skillsInput} data-testid="experience-skills" aria-describedby={errorField === 'skills' ? 'exp-skills-hint exp-error' : 'exp-skills-hint'} aria-invalid={errorField === 'skills' ? 'true' : undefined} />
          <span id="exp-skills-hint" class="hint">
            {t('experience.skillsHint')}
          </span>
        </p>
        <div class="field-row">
          <p class="field">
            <label for="exp-start">{t('experience.start')}</label>
            <input id="exp-start" name="start" type="date" data-testid="experience-start" />
          </p>
          <p class="field">
            <label for="exp-end">{t('experience.end')}</label>
            <input id="exp-end" name="end" type="date" ref={endInput} data-testid="experience-end" aria-invalid={errorField === 'end' ? 'true' : undefined} aria-describedby={errorField === 'end' ? 'exp-error' : undefined} />
          </p>
        </div>
        <p class="hint">{t('experience.signHint')}</p>
        {error && (
          <p role="alert" class="error" id="exp-error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" data-testid="experience-submit" disabled={busy}>
          {t('experience.submit')}
        </button>
      </form>
    </section>
  );
}
