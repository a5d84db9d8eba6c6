// Importing from the page: verify and store (or queue), say what happened, and send
// credential offers to the offer screen. Shared by the home screen's add/paste and the scanner.
import { useState } from 'preact/hooks';
import { formatDate, reasonText, t } from '../i18n/index.js';
import { classify } from '../wallet/inputs.js';
import { importBlob, SYNC_TAG } from '../wallet/importer.js';
import { titleOf } from './names.js';
import { expiredOn } from '../wallet/expiry.js';
// A Satchel record file is restored by its own module, loaded when one is opened.
const records = () => import('../wallet/restore-record.js');

/** Ask the service worker to run the queue when the network returns (where background sync exists). */
export function requestSync() {
  navigator.serviceWorker?.ready.then((r) => r.sync?.register(SYNC_TAG)).catch(() => {});
}

/** What a refused import says, in the learner's language (the server's reason when it gave one). */
function errorDetail(res) {
  if (res.kind === 'too_large') return res.message || t('import.tooLarge');
  if (res.kind === 'rejected' && res.message) return res.message;
  if (res.kind === 'save') return t('import.saveFailed');
  return t('import.serverError');
}

const nameOf = titleOf;

/**
 * {busy, notice, run(blob, name), runText(text)}. `onAdded(record)` runs after a credential
 * was stored (the scanner opens it). Both run functions resolve true when the input can be cleared.
 */
export function useImport({ refresh, announce, lang, onAdded }) {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null); // {title, detail, reason?, duplicate?}

  const restore = async (doc, name) => {
    const res = await (await records()).restoreRecord(doc, { name, lang });
    setBusy(false);
    if (res.status === 'refused') {
      announce('');
      setNotice({ title: t('record.refusedTitle', { file: name }), detail: t(`record.refusedWhy.${res.code}`) });
      return false;
    }
    await refresh();
    const summary = restoredText(res);
    announce(summary);
    setNotice({ title: t('record.restoredTitle'), detail: summary, added: true, testid: 'record-restored' });
    if (res.queued) requestSync();
    return true;
  };

  const run = async (blob, name, url = false) => {
    setNotice(null);
    setBusy(true);
    announce(t('import.checking', { file: name }));
    // Only a JSON file can be a record: anything else never loads the record module.
    const json = !url && blob.size > 0 && (await blob.slice(0, 64).text()).trimStart().startsWith('{');
    const doc = json ? await records().then((m) => m.recordIn(blob)).catch(() => null) : null;
    if (doc) return restore(doc, name);
    const res = await importBlob(blob, name, lang);
    setBusy(false);
    if (res.status === 'error') {
      announce('');
      if (res.kind === 'unfetched') {
        const check = res.check && res.check.code ? res.check : null;
        setNotice({
          title: t('url.failed'),
          detail: t('url.failedDetail'),
          reason: check ? null : res.message,
          plain: check ? reasonText(check) : null,
          technical: check ? (check.params && check.params.detail) || check.reason : null,
        });
      } else setNotice({ title: t('import.failed', { file: name }), detail: errorDetail(res) });
      return false;
    }
    await refresh();
    if (res.status === 'queued') {
      announce(t(url ? 'url.queued' : 'import.queued', { file: name }));
      requestSync();
    } else if (res.status === 'duplicate') {
      announce('');
      const expired = expiredOn(res.existing.verdict);
      const detail = t('import.duplicateDetail') + (expired ? ` ${t('import.duplicateExpired', { date: formatDate(expired) })}` : '');
      setNotice({ title: t('import.duplicate', { name: nameOf(res.existing) }), detail, duplicate: true });
    } else {
      const expired = expiredOn(res.record.verdict);
      const notes = [];
      if (expired) notes.push(t('import.addedExpired', { date: formatDate(expired) }));
      if (res.otherVersion) notes.push(t('import.otherVersion', { date: formatDate(res.otherVersion.importedAt) }));
      announce(t('import.added', { name: nameOf(res.record) }));
      if (notes.length) setNotice({ title: t('import.added', { name: nameOf(res.record) }), detail: notes.join(' '), added: true });
      onAdded?.(res.record);
    }
    return true;
  };

  const runText = async (text) => {
    const what = classify(text);
    if (what.kind === 'offer') {
      location.hash = `#/offer?${what.query}`;
      return true;
    }
    if (what.kind === 'present') {
      location.hash = `#/present?${what.query}`;
      return true;
    }
    if (what.kind === 'url') return run(new Blob([what.url], { type: 'text/plain' }), what.url, true);
    if (!what.text) return false;
    return run(new Blob([what.text], { type: 'text/plain' }), t('paste.name'));
  };

  return { busy, notice, run, runText, clear: () => setNotice(null) };
}

/** "Restored 7 credentials and 2 entries; 1 was already in your wallet." */
function restoredText(res) {
  const parts = [t('record.restored', { credentials: t('record.credentials', { count: res.credentials }), entries: t('record.entries', { count: res.entries }) })];
  if (res.duplicates) parts.push(t('record.duplicates', { count: res.duplicates }));
  if (res.queued) parts.push(t('record.queued', { count: res.queued }));
  if (res.failed) parts.push(t('record.failed', { count: res.failed }));
  return `${parts.join(t('record.separator'))}${t('record.end')}`;
}

/** The outcome box of an import that did not add anything. */
export function ImportNotice({ notice }) {
  if (!notice) return null;
  const testid = notice.testid || (notice.added ? 'import-added-note' : notice.duplicate ? 'import-duplicate' : 'import-error');
  return (
    <div role="alert" class={notice.duplicate || notice.added ? 'notice' : 'error'} data-testid={testid}>
      <p>
        <strong>{notice.title}</strong>
      </p>
      <p>{notice.detail}</p>
      {notice.plain && (
        <p class="reason" dir="auto" data-testid="import-reason">
          {notice.plain}
        </p>
      )}
      {notice.technical && <TechnicalDetails text={notice.technical} />}
      {notice.reason && (
        <p class="reason" dir="auto" data-testid="import-reason">
          {t('issuer.said', { reason: notice.reason })}
        </p>
      )}
    </div>
  );
}

/** The technical words behind a plain-words message, folded away. */
export function TechnicalDetails({ text }) {
  return (
    <details class="technical" data-testid="technical-details">
      <summary>{t('check.details')}</summary>
      <p dir="ltr">{text}</p>
    </details>
  );
}
