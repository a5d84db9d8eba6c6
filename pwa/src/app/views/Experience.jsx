import { useEffect, useRef, useState } from 'preact/hooks';
import { addCredential, getCredential, putCredential } from '../../db.js';
import { t } from '../../i18n/index.js';
import { newId } from '../../wallet/importer.js';
import { EXPERIENCE_KINDS, MAX_SKILLS, selfAssertedCredential, selfAssertedVerdict, skillNames } from '../../wallet/sign.js';
import { leaveEditor, openCredential } from '../route.js';

/** What the learner typed for an entry (kept in its local verdict), to fill the form when editing. */
function formOf(record) {
  const d = record.verdict?.display || {};
  return {
    kind: EXPERIENCE_KINDS.includes(d.achievement_type) ? d.achievement_type : EXPERIENCE_KINDS[0],
    ...Object.fromEntries(['title', 'organisation', 'description', 'start', 'end'].map((k) => [k, (k === 'title' ? d.name : d[k]) || ''])),
    skills: (d.alignments || []).map((a) => a.name).filter(Boolean).join(', '),
  };
}

/** The ids an edited entry keeps: the same credential, re-signed. */
function idsOf(record) {
  try {
    const c = JSON.parse(record.credential);
    return { id: c.id, achievementId: c.credentialSubject?.achievement?.id };
  } catch {
    return {};
  }
}

/** The self-asserted entry `id` (undefined while reading; null when there is none to edit). */
function useEditable(id) {
  const [record, setRecord] = useState(id ? undefined : null);
  useEffect(() => {
    if (!id) return;
    getCredential(id)
      .then((r) => setRecord(r && r.selfAsserted && !r.selfAssertedBy ? r : null))
      .catch(() => setRecord(null));
  }, [id]);
  return record;
}

/** Add a self-asserted entry, or with `editId` edit one: re-signed, replacing it under the same id. */
export function Experience({ wallet, refresh, announce, editId }) {
  const editing = useEditable(editId);
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
      if (editing) {
        const credential = await selfAssertedCredential(form, wallet, idsOf(editing));
        const verdict = selfAssertedVerdict(credential);
        await putCredential({ ...editing, credential: verdict.credential, verdict, editedAt: new Date().toISOString() });
        await refresh();
        announce(t('experience.saved', { name: form.title }));
        leaveEditor(editing.id);
        return;
      }
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

  if (editId && editing === undefined) return null;
  if (editId && !editing) {
    return (
      <section data-testid="experience" aria-labelledby="experience-title">
        <h1 id="experience-title">{t('experience.editTitle')}</h1>
        <p role="alert" class="error" data-testid="experience-not-editable">
          {t('experience.notEditable')}
        </p>
        <p>
          <a href="#/">{t('detail.back')}</a>
        </p>
      </section>
    );
  }
  const v = editing ? formOf(editing) : {};
  return (
    <section data-testid="experience" data-editing={editing ? 'true' : undefined} aria-labelledby="experience-title">
      <h1 id="experience-title">{t(editing ? 'experience.editTitle' : 'experience.title')}</h1>
      <p class="hint">{t(editing ? 'experience.editIntro' : 'experience.intro')}</p>
      <form onSubmit={submit} noValidate>
        <p class="field">
          <label for="exp-kind">{t('experience.kind')}</label>
          <select id="exp-kind" name="kind" data-testid="experience-kind">
            {EXPERIENCE_KINDS.map((k) => (
              <option value={k} key={k} selected={v.kind === k}>
                {t(`experience.kind.${k}`)}
              </option>
            ))}
          </select>
        </p>
        <p class="field">
          <label for="exp-title">{t('experience.titleLabel')}</label>
          <input id="exp-title" name="title" ref={titleInput} required aria-required="true" data-testid="experience-title" defaultValue={v.title} aria-invalid={errorField === 'title' ? 'true' : undefined} aria-describedby={errorField === 'title' ? 'exp-error' : undefined} />
        </p>
        <p class="field">
          <label for="exp-org">{t('experience.organisation')}</label>
          <input id="exp-org" name="organisation" data-testid="experience-organisation" defaultValue={v.organisation} />
        </p>
        <p class="field">
          <label for="exp-desc">{t('experience.description')}</label>
          <textarea id="exp-desc" name="description" rows={4} data-testid="experience-description" defaultValue={v.description} />
        </p>
        <p class="field">
          <label for="exp-skills">{t('experience.skills')}</label>
          <input id="exp-skills" name="skills" ref={skillsInput} data-testid="experience-skills" defaultValue={v.skills} aria-describedby={errorField === 'skills' ? 'exp-skills-hint exp-error' : 'exp-skills-hint'} aria-invalid={errorField === 'skills' ? 'true' : undefined} />
          <span id="exp-skills-hint" class="hint">
            {t('experience.skillsHint')}
          </span>
        </p>
        <div class="field-row">
          <p class="field">
            <label for="exp-start">{t('experience.start')}</label>
            <input id="exp-start" name="start" type="date" data-testid="experience-start" defaultValue={v.start} />
          </p>
          <p class="field">
            <label for="exp-end">{t('experience.end')}</label>
            <input id="exp-end" name="end" type="date" ref={endInput} data-testid="experience-end" defaultValue={v.end} aria-invalid={errorField === 'end' ? 'true' : undefined} aria-describedby={errorField === 'end' ? 'exp-error' : undefined} />
          </p>
        </div>
        <p class="hint">{t('experience.signHint')}</p>
        {error && (
          <p role="alert" class="error" id="exp-error">
            {error}
          </p>
        )}
        <div class="confirm">
          <button type="submit" class="primary" data-testid="experience-submit" disabled={busy}>
            {t(editing ? 'experience.save' : 'experience.submit')}
          </button>
          {editing && (
            <button type="button" class="secondary" data-testid="experience-cancel" onClick={() => leaveEditor(editing.id)}>
              {t('experience.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
