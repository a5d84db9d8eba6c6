// Export your record (#/record): the learner picks credentials and own entries (all, to begin
// with) and downloads them as a verifiable record signed by the wallet (wallet/record.js) or as a
// JSON Resume (wallet/resume.js). Both are made on the phone: no network.
import { useMemo, useState } from 'preact/hooks';
import { achievementTypeText, t } from '../../i18n/index.js';
import { buildRecord, newRecordId } from '../../wallet/record.js';
import { jsonResume } from '../../wallet/resume.js';
import { download } from '../download.js';
import { issuerNameOf, selfAssertedBy, titleOf } from '../names.js';

const today = () => new Date().toISOString().slice(0, 10);

/** Save `doc` as a JSON file named `name`. */
const saveJson = (doc, name) => download(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }), name);

export function Record({ credentials, wallet, announce }) {
  const [left, setLeft] = useState(() => new Set()); // ids the learner unticked: everything else goes in
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const chosen = credentials.filter((r) => !left.has(r.id));
  const key = chosen.map((r) => r.id).join(',');
  // One record id per choice: the résumé's links point into the record file made from the same choice.
  const recordId = useMemo(newRecordId, [key]);

  const toggle = (id) => {
    const next = new Set(left);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setLeft(next);
  };

  const saveRecord = async () => {
    setBusy(true);
    setProblem('');
    try {
      saveJson(await buildRecord(chosen, wallet, recordId), `satchel-record-${today()}.json`);
      announce(t('record.saved', { count: chosen.length }));
    } catch (err) {
      setProblem(t('record.failedToMake', { reason: err?.message || String(err) }));
    }
    setBusy(false);
  };

  const saveResume = () => {
    saveJson(jsonResume(chosen, { recordId, name, typeLabel: achievementTypeText }), `satchel-resume-${today()}.json`);
    announce(t('record.resumeSaved', { count: chosen.length }));
  };

  if (!credentials.length) {
    return (
      <section data-testid="record" aria-labelledby="record-title">
        <h1 id="record-title">{t('record.title')}</h1>
        <p class="empty">{t('record.empty')}</p>
      </section>
    );
  }

  return (
    <section data-testid="record" aria-labelledby="record-title">
      <h1 id="record-title">{t('record.title')}</h1>
      <p class="hint">{t('record.intro')}</p>
      <fieldset class="picks">
        <legend>{t('record.pickLegend')}</legend>
        <p class="hint" data-testid="record-count">
          {t('record.chosen', { count: chosen.length, total: credentials.length })}
        </p>
        <p class="button-row">
          <button type="button" class="secondary" data-testid="record-all" onClick={() => setLeft(new Set())}>
            {t('record.all')}
          </button>
          <button type="button" class="secondary" data-testid="record-none" onClick={() => setLeft(new Set(credentials.map((r) => r.id)))}>
            {t('record.none')}
          </button>
        </p>
        {credentials.map((r) => (
          <label class="pick" key={r.id}>
            <input type="checkbox" data-testid="record-pick" data-id={r.id} checked={!left.has(r.id)} onChange={() => toggle(r.id)} />
            <span>
              <span class="pick-name" dir="auto">
                {titleOf(r)}
              </span>
              <span class="sub" dir="auto">
                {r.selfAsserted ? selfAssertedBy(r) : issuerNameOf(r) || t('detail.unknown')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {problem && (
        <p role="alert" class="error" data-testid="record-error">
          {problem}
        </p>
      )}
      <h2>{t('record.lerTitle')}</h2>
      <p class="hint">{t('record.lerHint')}</p>
      <button type="button" class="primary" data-testid="record-download" disabled={busy || !chosen.length} onClick={saveRecord}>
        {t('record.download')}
      </button>
      <h2>{t('record.resumeTitle')}</h2>
      <p class="hint">{t('record.resumeHint')}</p>
      <p class="field">
        <label for="record-name">{t('record.name')}</label>
        <input id="record-name" data-testid="record-name" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} aria-describedby="record-name-hint" />
        <span id="record-name-hint" class="hint">
          {t('record.nameHint')}
        </span>
      </p>
      <button type="button" class="secondary" data-testid="resume-download" disabled={!chosen.length} onClick={saveResume}>
        {t('record.downloadResume')}
      </button>
      <h2>{t('record.restoreTitle')}</h2>
      <p class="hint">{t('record.restoreHint')}</p>
    </section>
  );
}
