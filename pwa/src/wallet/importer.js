// Import a credential: verify it through the server, or queue it when offline, and
// store it once (duplicates are recognised). Credential offers (OpenID4VCI) are received
// with the wallet's key first, then verified and stored the same way. DOM-free: the page
// and the service worker (background sync) both run the queue.
import { verifyFile } from '../api.js';
import { addCredential, claimQueued, getWallet, listQueue, putQueued, removeQueued, saveWallet } from '../db.js';
import { createP256Key } from './keys.js';
// The OpenID4VCI client is loaded when an offer is received (its own chunk, out of the first visit).
const vci = () => import('./oid4vci.js');

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
 * A web address the server could not fetch: the verdict carries the address itself, not a
 * credential. Returns the server's reason, or null when a credential came back.
 */
export function unfetchedReason(verdict) {
  const failed = unfetchedCheck(verdict);
  return failed === null ? null : (failed && failed.reason) || '';
}

/** The check that says why a web address could not be fetched (null: a credential came back). */
export function unfetchedCheck(verdict) {
  // 'badgr': a Badgr API record names its hosted assertion's address (wallet_core/containers/badgr.py)
  if (!['url', 'badgr'].includes(verdict.container) || /^\s*[{[]/.test(verdict.credential || '')) return null;
  return (verdict.checks || []).find((c) => c.status !== 'passed') || undefined;
}

/**
 * Verify `blob` and store it. Resolves (never rejects) with one of
 *   {status: 'added', record, otherVersion?}  verified and stored (otherVersion: a different
 *                                        credential with the same id, already in the wallet)
 *   {status: 'duplicate', existing}      the wallet already holds it; nothing stored
 *   {status: 'queued', item}             offline: kept in the queue until the network returns
 *   {status: 'error', kind, message?}    refused ('rejected', 'too_large', 'server', 'save',
 *                                        'unfetched': a web address that could not be fetched)
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

async function queue(fields) {
  const item = { id: newId(), queuedAt: new Date().toISOString(), state: 'waiting', ...fields };
  await putQueued(item);
  return item;
}

/**
 * Receive the credential offered in `query` (see inputs.js) with the wallet's key, verify it
 * and store it. Resolves (never rejects) like importBlob; refusals are
 *   {status: 'error', kind: 'offer', code, message}  code: an OAuth error code, or
 *   malformed | unsupported | unreachable | protocol | issuer_mismatch; message: the issuer's words.
 * A credential the issuer will deliver later resolves {status: 'deferred', item}: the queue polls for it.
 * Offline, the offer (and its transaction code) waits in the queue.
 */
export async function importOffer(query, { txCode, name, lang, both = false }) {
  if (globalThis.navigator?.onLine === false) {
    try {
      return { status: 'queued', item: await queue({ kind: 'offer', offer: query, txCode: txCode || null, name, lang, both }) };
    } catch {
      return { status: 'error', kind: 'save' };
    }
  }
  const got = await fetchOffered(query, txCode, lang, both);
  if (got.pending) return deferred(got.pending, name, lang);
  if (got.error) {
    if (got.error.kind !== 'offline') return offerRefusal(got.error);
    try {
      return { status: 'queued', item: await queue({ kind: 'offer', offer: query, txCode: txCode || null, name, lang, both }) };
    } catch {
      return { status: 'error', kind: 'save' };
    }
  }
  // The offer is spent: from here on the credential must not be lost.
  const out = await importBlob(new Blob([got.credential], { type: 'text/plain' }), name, lang);
  await importOthers(got.others, name, lang);
  return out;
}

/** The other forms of an offered credential (its SD-JWT VC): stored, or queued when offline. */
async function importOthers(others, name, lang) {
  for (const text of others || []) await importBlob(new Blob([text], { type: 'text/plain' }), name, lang);
}

const offerRefusal = (err) => ({ status: 'error', kind: 'offer', code: err.code, message: err.description });

/**
 * The issuer is still preparing the credential: it waits in the queue as a pending card, and
 * the deferred endpoint is asked again after the issuer's interval. Resolves {status: 'deferred', item}.
 */
async function deferred(pending, name, lang) {
  try {
    const nextPollAt = Date.now() + pending.interval * 1000;
    return { status: 'deferred', item: await queue({ kind: 'deferred', pending, name: pending.name || name, lang, nextPollAt }) };
  } catch {
    return { status: 'error', kind: 'save' };
  }
}

/** The wallet's P-256 key, made and stored the first time an ES256-only issuer needs it. */
async function ensureP256() {
  const wallet = await getWallet();
  if (wallet.p256) return wallet.p256;
  const p256 = await createP256Key();
  await saveWallet({ ...wallet, p256 });
  return p256;
}

async function fetchOffered(query, txCode, lang, both) {
  const { OfferError, receiveOfferAll } = await vci();
  try {
    const wallet = await getWallet();
    if (!wallet) return { error: new OfferError('protocol', { code: 'no_wallet' }) };
    const got = await receiveOfferAll(query, { wallet, txCode, lang, both, ensureP256 });
    if (!Array.isArray(got)) return { pending: got.pending };
    const [credential, ...others] = got;
    return { credential, others };
  } catch (err) {
    return { error: err instanceof OfferError ? err : new OfferError('protocol', { description: String(err?.message || err) }) };
  }
}

async function store(verdict) {
  const unfetched = unfetchedReason(verdict);
  if (unfetched !== null) return { status: 'error', kind: 'unfetched', message: unfetched, check: unfetchedCheck(verdict) || null };
  try {
    const out = await addCredential(recordFrom(verdict));
    if (!out.added) return { status: 'duplicate', existing: out.existing };
    return out.otherVersion ? { status: 'added', record: out.record, otherVersion: out.otherVersion } : { status: 'added', record: out.record };
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

const RETRY = Symbol('retry');
const LATER = Symbol('later');

/** When the queue next has a deferred credential to ask for (ms since the epoch), or null. */
export const nextDeferredPoll = (items) =>
  items.filter((i) => i.kind === 'deferred' && i.state !== 'failed').reduce((t, i) => Math.min(t ?? Infinity, i.nextPollAt || 0), null);

async function run() {
  const outcomes = [];
  for (const listed of await listQueue()) {
    if (listed.state === 'failed' || listed.state === 'duplicate') continue;
    if (listed.kind === 'deferred' && (listed.nextPollAt || 0) > Date.now()) continue;
    const item = await claimQueued(listed.id);
    if (!item) continue;
    const outcome = await settle(item);
    if (outcome === RETRY) {
      await putQueued({ ...item, state: 'waiting' });
      break; // try again when the network (or the server) is back
    }
    if (outcome === LATER) continue; // a deferred credential, not ready yet
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/** Run one claimed queue item to its end: stored (removed), failed (kept with the reason), or RETRY. */
async function settle(item) {
  const fail = async (error, outcome) => {
    await putQueued({ ...item, state: 'failed', txCode: null, error });
    return { item, ...outcome };
  };
  if (item.kind === 'deferred') {
    if ((item.nextPollAt || 0) > Date.now()) {
      await putQueued({ ...item, state: 'waiting' });
      return LATER;
    }
    const { OfferError, pollDeferred } = await vci();
    let got;
    try {
      got = await pollDeferred(item.pending, { lang: item.lang });
    } catch (err) {
      if (err instanceof OfferError && err.kind === 'offline') return RETRY;
      const error = err instanceof OfferError ? err : new OfferError('protocol', { description: String(err?.message || err) });
      await putQueued({ ...item, state: 'failed', pending: null, error: error.description || error.code });
      return { item, ...offerRefusal(error) };
    }
    if (got.pending) {
      await putQueued({ ...item, state: 'waiting', pending: got.pending, nextPollAt: Date.now() + got.pending.interval * 1000 });
      return LATER;
    }
    const { id, name, lang, queuedAt, runningSince } = item;
    item = { id, name, lang, queuedAt, runningSince, state: 'running', type: 'text/plain', bytes: new TextEncoder().encode(got.credential).buffer };
    await putQueued(item);
  }
  if (item.kind === 'offer') {
    const got = await fetchOffered(item.offer, item.txCode, item.lang, item.both);
    if (got.pending) {
      await removeQueued(item.id);
      const out = await deferred(got.pending, item.name, item.lang);
      return out.status === 'deferred' ? LATER : RETRY;
    }
    if (got.error && got.error.kind === 'offline') return RETRY;
    if (got.error) return fail(got.error.description || got.error.code, offerRefusal(got.error));
    // Received: the credential itself now waits in the queue until it is verified and stored.
    const { id, name, lang, queuedAt, runningSince } = item;
    item = { id, name, lang, queuedAt, runningSince, state: 'running', type: 'text/plain', bytes: new TextEncoder().encode(got.credential).buffer, others: got.others };
    await putQueued(item);
  }
  const res = await verifyFile(new Blob([item.bytes], { type: item.type }), item.lang);
  if (!res.ok && (res.kind === 'offline' || res.kind === 'server')) return RETRY;
  if (!res.ok) return fail(res.message || res.code || res.kind, { status: 'error', kind: res.kind, message: res.message });
  const out = await store(res.verdict);
  if (out.status === 'error' && out.kind === 'unfetched') return fail(out.message, out);
  if (out.status === 'error') return RETRY; // could not save: keep it for next time
  if (out.status === 'duplicate') {
    // Already in the wallet: the card stays (as "already in your wallet") until the learner dismisses it.
    const existing = out.existing.verdict || {};
    await putQueued({ ...item, state: 'duplicate', bytes: null, others: null, txCode: null, existingName: (existing.display && existing.display.name) || null });
    await importOthers(item.others, item.name, item.lang);
    return { item, ...out };
  }
  await removeQueued(item.id);
  await importOthers(item.others, item.name, item.lang);
  return { item, ...out };
}
