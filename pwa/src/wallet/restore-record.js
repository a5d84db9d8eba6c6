// Restore a Satchel record file (record.js) into this wallet: the holder's signature first
// (refused, and nothing stored, when it fails), then every credential through the normal import
// (verified by the server, or queued offline; duplicates recognised), and self-asserted entries
// as self-asserted, by their author's DID (checked against their own proof, never "verified").
import { addCredential, getWallet } from '../db.js';
import { importBlob, newId } from './importer.js';
import { entryValid, MAX_RECORD_BYTES, readRecord, recordItems, verifyRecord } from './record.js';
import { selfAssertedVerdict } from './sign.js';

/** Is this file (Blob) a Satchel record? Cheap: reads it only when it is a JSON object that names the type. */
export async function recordIn(blob) {
  if (blob.size > MAX_RECORD_BYTES) return null;
  const head = await blob.slice(0, 16).text();
  if (!head.trimStart().startsWith('{')) return null;
  const text = await blob.text();
  return text.includes('SatchelRecord') ? readRecord(text) : null;
}

async function restoreEntry(vc, ownDid) {
  if (!(await entryValid(vc))) return { status: 'error', kind: 'entry' };
  const verdict = selfAssertedVerdict(vc);
  const author = verdict.issuer.id;
  const record = { id: newId(), credential: verdict.credential, verdict, importedAt: new Date().toISOString(), selfAsserted: true };
  if (author !== ownDid) record.selfAssertedBy = author;
  try {
    const out = await addCredential(record);
    return out.added ? { status: 'added', record: out.record } : { status: 'duplicate', existing: out.existing };
  } catch {
    return { status: 'error', kind: 'save' };
  }
}

/**
 * Restore `doc` (a parsed record). Resolves (never rejects) with
 *   {status: 'refused', code}   the holder's signature failed (record.js verifyRecord codes); nothing stored
 *   {status: 'restored', holder, credentials, entries, duplicates, queued, failed, outcomes}
 * where the counts say how many credentials and entries were added, already held, waiting for the
 * network, or refused; `outcomes` are importBlob's, one per item.
 */
export async function restoreRecord(doc, { name, lang }) {
  const check = await verifyRecord(doc);
  if (!check.ok) return { status: 'refused', code: check.code };
  const own = (await getWallet())?.did;
  const counts = { credentials: 0, entries: 0, duplicates: 0, queued: 0, failed: 0 };
  const outcomes = [];
  for (const item of recordItems(doc)) {
    let out;
    try {
      out = item.entry ? await restoreEntry(item.entry, own) : await importBlob(new Blob([item.text], { type: 'text/plain' }), name, lang);
    } catch {
      out = { status: 'error', kind: 'record' };
    }
    outcomes.push(out);
    if (out.status === 'added') counts[item.entry ? 'entries' : 'credentials']++;
    else if (out.status === 'duplicate') counts.duplicates++;
    else if (out.status === 'queued') counts.queued++;
    else counts.failed++;
  }
  return { status: 'restored', holder: check.holder, ...counts, outcomes };
}
