// Import a credential: verify it through the server, or queue it when offline, and
// store it once (duplicates are recognised). DOM-free: the page and the service
// worker (background sync) both run the queue.
import { verifyFile } from '../api.js';
import { addCredential, listQueue, putQueued, removeQueued } from '../db.js';

export const SYNC_TAG = 'satchel-import-queue';

export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export const recordFrom = (verdict) => ({
  id: newId(),
  credential: verdict.credential,
  verdict,
  importedAt: new Date().toISOString(),
});

/**
 * Verify `blob` and store it. Resolves (never rejects) with one of
 *   {status: 'added', record}            verified and stored
 *   {status: 'duplicate', existing}      the wallet already holds it; nothing stored
 *   {status: 'queued', item}             offline: kept in the queue until the network returns
 *   {status: 'error', kind, message?}    refused ('rejected', 'too_large', 'server', 'save')
 */
export async function importBlob(blob, name, lang) {
  const res = await verifyFile(blob, lang);
  if (!res.ok && res.kind === 'offline') {
    try {
      const item = {
        id: newId(),
        bytes: await blob.arrayBuffer(),
        name,
        type: blob.type || 'application/octet-stream',
        lang,
        queuedAt: new Date().toISOString(),
        state: 'waiting',
      };
      await putQueued(item);
      return { status: 'queued', item };
    } catch {
      return { status: 'error', kind: 'save' };
    }
  }
  if (!res.ok) return { status: 'error', kind: res.kind, message: res.message };
  return store(res.verdict);
}

async function store(verdict) {
  try {
    const out = await addCredential(recordFrom(verdict));
    return out.added ? { status: 'added', record: out.record } : { status: 'duplicate', existing: out.existing };
  } catch {
    return { status: 'error', kind: 'save' };
  }
}

let running = null;

/**
 * Verify every waiting item of the queue. Items the server refuses stay in the queue
 * as 'failed' with the reason, until the learner discards them; items that meet no
 * network stay 'waiting'. Resolves with the outcomes of the items it settled.
 */
export function processQueue() {
  if (!running) running = run().finally(() => (running = null));
  return running;
}

async function run() {
  const outcomes = [];
  for (const item of await listQueue()) {
    if (item.state !== 'waiting') continue;
    const blob = new Blob([item.bytes], { type: item.type });
    const res = await verifyFile(blob, item.lang);
    if (res.ok) {
      const out = await store(res.verdict);
      if (out.status === 'error') continue;
      await removeQueued(item.id);
      outcomes.push({ item, ...out });
    } else if (res.kind === 'offline' || res.kind === 'server') {
      break; // try again when the network (or the server) is back
    } else {
      await putQueued({ ...item, state: 'failed', error: res.message || res.code || res.kind });
      outcomes.push({ item, status: 'error', kind: res.kind, message: res.message });
    }
  }
  return outcomes;
}
