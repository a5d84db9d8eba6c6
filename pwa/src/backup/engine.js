// Encrypted backup, restore, wallet files and per-item sync (docs/api.md, docs/threat-model.md).
// Loaded lazily: by the account screens, and by app/autosync.js once the learner has an account.
import { applySynced, getSyncState, putSyncState, readWhole, replaceWhole } from '../db.js';
import { newId } from '../wallet/importer.js';
import * as c from './crypto.js';
import * as api from './server.js';
import { contentOf, recordsFrom, takeSnapshot } from './snapshot.js';

const FILE_KIND = 'satchel-wallet-file';
const enc = new TextEncoder();
const dec = new TextDecoder();

/** A failure with a code the screens translate (backup.error.<code>). */
export class BackupError extends Error {
  constructor(code, detail) {
    super(detail || code);
    this.code = code;
  }
}

// PRF outputs seen this session, by passkey credential id. Memory only: never stored, never sent.
const prfs = new Map();

export const getState = async () => ({
  account: (await getSyncState('account')) || null,
  keys: (await getSyncState('keys')) || null,
  backup: (await getSyncState('backup')) || null,
  sync: (await getSyncState('sync')) || null,
});

// ---- Keys ----

async function loadKeys() {
  const keys = await getSyncState('keys');
  return keys ? { ...keys, raw: c.b64u.dec(keys.dataKey) } : null;
}

async function saveKeys(raw, slots) {
  const keys = { dataKey: c.b64u.enc(raw), kid: await c.keyId(raw), slots };
  await putSyncState('keys', keys);
  return { ...keys, raw };
}

/** A new data key and recovery code for this wallet. Resolves with the code, to be shown once. */
export async function createKeys() {
  const raw = c.newDataKey();
  const code = c.newRecoveryCode();
  const slots = [await c.codeSlot(raw, code)];
  await saveKeys(raw, slots);
  return code;
}

/** A new recovery code for the same data key (the old code stops opening new backups). */
export async function replaceRecoveryCode() {
  const keys = await loadKeys();
  if (!keys) throw new BackupError('no_keys');
  const code = c.newRecoveryCode();
  const slots = [await c.codeSlot(keys.raw, code), ...keys.slots.filter((s) => s.kind !== 'recovery-code')];
  await saveKeys(keys.raw, slots);
  return code;
}

/** Add a PRF slot for a passkey whose PRF output this session has seen; true when one was added. */
async function addPrfSlots() {
  const keys = await loadKeys();
  if (!keys) return false;
  const missing = [...prfs].filter(([id]) => !keys.slots.some((s) => s.kind === 'prf' && s.credential_id === id));
  if (!missing.length) return false;
  const added = await Promise.all(missing.map(([id, prf]) => c.prfSlot(keys.raw, id, prf)));
  await saveKeys(keys.raw, [...keys.slots, ...added]);
  return true;
}

// ---- Envelopes (backup body and wallet file) ----

async function seal(keys) {
  const snapshot = await takeSnapshot();
  const plaintext = await c.pack(enc.encode(JSON.stringify(snapshot)));
  return {
    ciphertext: await c.seal(keys.raw, plaintext, 'satchel wallet'),
    keys: { v: 1, kid: keys.kid, slots: keys.slots },
    hash: await c.sha256(contentOf(snapshot)),
  };
}

/**
 * Open an envelope {ciphertext, keys} with a PRF output (for passkey `credentialId`) or a
 * recovery code. Everything is decrypted and checked before anything is written.
 * Resolves with {raw (data key), records}; rejects with BackupError wrong_code | no_prf | damaged.
 */
export async function openEnvelope(envelope, { code, prf, credentialId }) {
  const slots = (envelope && envelope.keys && Array.isArray(envelope.keys.slots) && envelope.keys.slots) || [];
  let raw = null;
  const prfSlot = prf && slots.find((s) => s.kind === 'prf' && s.credential_id === credentialId);
  if (prfSlot) raw = await c.openSlot(prfSlot, { prf }).catch(() => null);
  if (!raw && code != null) {
    if (!c.normaliseCode(code)) throw new BackupError('bad_code');
    const codeSlot = slots.find((s) => s.kind === 'recovery-code');
    if (!codeSlot) throw new BackupError('damaged');
    raw = await c.openSlot(codeSlot, { code }).catch(() => null);
    if (!raw) throw new BackupError('wrong_code');
  }
  if (!raw) throw new BackupError(prf ? 'no_prf' : 'need_code');
  let records;
  try {
    const plaintext = await c.unpack(await c.unseal(raw, envelope.ciphertext, 'satchel wallet'));
    records = await recordsFrom(JSON.parse(dec.decode(plaintext)));
  } catch {
    throw new BackupError('damaged');
  }
  return { raw, records, slots };
}

async function writeRestored({ raw, records, slots }, sync) {
  const keys = { dataKey: c.b64u.enc(raw), kid: await c.keyId(raw), slots };
  await replaceWhole(records, { keys, ...sync });
  if (records.settings.lang) {
    try {
      localStorage.setItem('satchel.lang', records.settings.lang);
    } catch {
      /* not fatal */
    }
  }
  return records.wallet;
}

/** The wallet as an encrypted file (recovery-code slot only): {blob, name}. */
export async function exportFile() {
  const keys = await loadKeys();
  if (!keys) throw new BackupError('no_keys');
  const codeOnly = { ...keys, slots: keys.slots.filter((s) => s.kind === 'recovery-code') };
  const { ciphertext, keys: k } = await seal(codeOnly);
  const body = JSON.stringify({ format: FILE_KIND, v: 1, created: new Date().toISOString(), ciphertext, keys: k });
  const day = new Date().toISOString().slice(0, 10);
  return { blob: new Blob([body], { type: 'application/octet-stream' }), name: `wallet-${day}.satchel` };
}

/** Replace this browser's wallet with the one in a .satchel file. Resolves with the wallet record. */
export async function importFile(text, code) {
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch {
    throw new BackupError('not_a_file');
  }
  if (!envelope || envelope.format !== FILE_KIND || typeof envelope.ciphertext !== 'string') throw new BackupError('not_a_file');
  await refuseIfOtherWallet();
  const account = await getSyncState('account');
  return writeRestored(await openEnvelope(envelope, { code }), account ? { account } : {});
}

/** Restoring over a wallet that has credentials would lose them: refuse (export it first). */
async function refuseIfOtherWallet() {
  const whole = await readWhole();
  if (whole.wallet && (whole.credentials.length || whole.shares.length)) throw new BackupError('wallet_not_empty');
}

// ---- Account ----

async function signedIn(result) {
  const a = result.account;
  if (result.prf) prfs.set(result.credentialId, result.prf);
  await putSyncState('account', { id: a.id, displayName: a.display_name, signedIn: true, sessionPasskey: a.session_passkey });
  return a;
}

export async function register(displayName, passkeyName) {
  return signedIn(await api.register(displayName, passkeyName));
}

export async function signIn() {
  const r = await api.signIn();
  const previous = await getSyncState('account');
  const a = await signedIn(r);
  if (previous && previous.id !== a.id) {
    // Another account: its versions and items start again.
    for (const k of ['backup', 'sync', 'items']) await putSyncState(k, null);
  }
  if (await addPrfSlots()) await backupNow({ force: true }).catch(() => {});
  return a;
}

export async function addPasskey(name) {
  const r = await api.addPasskey(name);
  if (r.prf) prfs.set(r.credentialId, r.prf);
  if (await addPrfSlots()) await backupNow({ force: true }).catch(() => {});
  return r.passkey;
}

export async function removePasskey(id) {
  await api.removePasskey(id);
  const keys = await loadKeys();
  if (keys) await saveKeys(keys.raw, keys.slots.filter((s) => !(s.kind === 'prf' && s.credential_id === id)));
  prfs.delete(id);
  await backupNow({ force: true }).catch(() => {});
}

export async function signOut() {
  await api.signOut();
  const a = await getSyncState('account');
  if (a) await putSyncState('account', { ...a, signedIn: false });
}

/** The server's view of the account (passkeys), or null when signed out (state updated). */
export async function refreshAccount() {
  const r = await api.call('GET', '/api/v1/account');
  const a = await getSyncState('account');
  if (r.status === 401 && a && a.signedIn) await putSyncState('account', { ...a, signedIn: false });
  if (r.status !== 200) return r.status === 0 && a && a.signedIn ? { offline: true } : null;
  return r.body;
}

// ---- Backup ----

function noteVersion(state, version) {
  const highest = (state && state.version) || 0;
  return version < highest ? { ...state, rollback: version } : { ...state, version, rollback: null };
}

/**
 * Set up backup for the signed-in account: keys (a new recovery code, resolved as `code`,
 * unless this wallet already has one), PRF slots, first upload and sync.
 */
export async function setUp() {
  const got = await api.getBackup();
  if (got.status === 0) throw new BackupError('offline');
  if (got.status === 401) throw new BackupError('signed_out');
  let keys = await loadKeys();
  if (got.status === 200 && (!keys || got.body.keys.kid !== keys.kid)) throw new BackupError('other_wallet');
  let code = null;
  if (!keys) code = await createKeys();
  await addPrfSlots();
  await putSyncState('backup', { version: got.status === 200 ? got.body.version : 0 });
  await sync();
  await backupNow({ force: true });
  return { code };
}

/**
 * Upload the wallet if it changed since the last backup (or `force`). On 412 (another
 * device backed up first) pull its sync changes and upload again over its version.
 */
export async function backupNow({ force = false } = {}) {
  const keys = await loadKeys();
  const account = await getSyncState('account');
  if (!keys || !account || !account.signedIn) return null;
  let state = (await getSyncState('backup')) || { version: 0 };
  const body = await seal(keys);
  if (!force && state.hash === body.hash && state.version) return state;
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await api.putBackup(state.version || 0, body.ciphertext, body.keys);
    if (r.status === 200) {
      state = { ...noteVersion(state, r.body.version), at: new Date().toISOString(), hash: body.hash };
      await putSyncState('backup', state);
      return state;
    }
    if (r.status === 412) {
      const current = r.body && typeof r.body.version === 'number' ? r.body.version : 0;
      state = noteVersion(state, current);
      if (state.rollback != null) {
        await putSyncState('backup', state);
        throw new BackupError('rollback');
      }
      state.version = current;
      await sync(); // the other device's changes arrive per item; then upload the merged wallet
      Object.assign(body, await seal(keys));
      continue;
    }
    if (r.status === 401) await signedOutNow();
    throw new BackupError(r.status === 0 ? 'offline' : r.status === 401 ? 'signed_out' : 'server');
  }
  throw new BackupError('busy');
}

async function signedOutNow() {
  const a = await getSyncState('account');
  if (a && a.signedIn) await putSyncState('account', { ...a, signedIn: false });
}

/** After signIn() on a fresh browser: restore the account's backup (PRF when the passkey gave it, else `code`). */
export async function restoreFromAccount(code) {
  await refuseIfOtherWallet();
  const got = await api.getBackup();
  if (got.status === 404) throw new BackupError('no_backup');
  if (got.status === 0) throw new BackupError('offline');
  if (got.status === 401) throw new BackupError('signed_out');
  if (got.status !== 200) throw new BackupError('server');
  const account = await getSyncState('account');
  const prf = account && prfs.get(account.sessionPasskey);
  const opened = await openEnvelope(got.body, { code: code || null, prf, credentialId: account && account.sessionPasskey });
  const wallet = await writeRestored(opened, {
    account,
    backup: { version: got.body.version, at: got.body.created, hash: null },
  });
  await addPrfSlots();
  run().catch(() => {});
  return wallet;
}

// ---- Sync (per item; see docs/api.md#sync and pwa/README.md for the merge rules) ----

const SYNCED = ['credentials', 'shares'];
const hashOf = (record) => c.sha256(JSON.stringify(record));

async function localIndex(raw) {
  const whole = await readWhole();
  const index = new Map();
  for (const store of SYNCED) {
    for (const record of whole[store]) {
      const id = await c.itemIdFor(raw, store, record.id);
      index.set(id, { store, key: record.id, record, hash: await hashOf(record) });
    }
  }
  return index;
}

const checkedAt = (r) => (r && r.verdict && r.verdict.checked_at) || '';

/**
 * Merge one server item into the plan. Rules (never drop a change silently):
 * - unchanged here since the last sync → take the server's version (edit or delete);
 * - deleted there, edited here → the edit wins (pushed again over the tombstone);
 * - deleted here, edited there → the edit wins (the record comes back);
 * - edited on both: a credential with the same text keeps the newer verdict; different
 *   texts are kept as two records; a share record keeps a revocation, else the server's,
 *   and the other copy is kept in the sync store ("kept").
 */
async function mergeRemote(item, raw, index, items, changes, kept) {
  const known = items[item.id];
  if (known && known.version >= item.version) return;
  const local = index.get(item.id);
  const unchangedHere = local && known && !known.deleted && local.hash === known.hash;
  if (item.deleted) {
    if (unchangedHere) {
      changes.push({ store: local.store, key: local.key, record: null });
      index.delete(item.id);
    }
    items[item.id] = { store: local && local.store, key: local && local.key, version: item.version, deleted: true };
    return;
  }
  let plain;
  try {
    plain = JSON.parse(dec.decode(await c.unpack(await c.unseal(raw, item.ciphertext, item.id))));
  } catch {
    items[item.id] = { version: item.version, unreadable: true };
    return;
  }
  if (!SYNCED.includes(plain.store) || !plain.record || plain.record.id !== plain.key) return;
  const remoteHash = await hashOf(plain.record);
  const take = () => {
    changes.push({ store: plain.store, key: plain.key, record: plain.record });
    index.set(item.id, { store: plain.store, key: plain.key, record: plain.record, hash: remoteHash });
    items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash };
  };
  if (!local) {
    // The same credential held under another id (imported on both devices): keep ours only.
    const twin = plain.store === 'credentials' && [...index.values()].find((l) => l.store === 'credentials' && l.record.fingerprint === plain.record.fingerprint && l.record.credential === plain.record.credential);
    if (twin) items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash, alias: twin.key };
    else take();
    return;
  }
  if (local.hash === remoteHash || unchangedHere) return take();
  // Changed on both sides.
  items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash };
  if (plain.store === 'credentials') {
    if (local.record.credential === plain.record.credential) {
      if (checkedAt(plain.record) > checkedAt(local.record)) take();
      // else: ours is newer and is pushed over version item.version
    } else {
      const copy = { ...local.record, id: newId() };
      changes.push({ store: 'credentials', key: copy.id, record: copy });
      take();
    }
  } else if (local.record.revoked && !plain.record.revoked) {
    // ours is pushed over the server's version
  } else {
    kept.push({ store: local.store, record: local.record, at: new Date().toISOString() });
    take();
  }
}

async function saveRound(changes, items, kept, cursor) {
  await applySynced(changes, items);
  if (kept.length) await putSyncState('kept', [...((await getSyncState('kept')) || []), ...kept]);
  if (cursor != null) await putSyncState('sync', { cursor, at: new Date().toISOString() });
}

async function pull(raw) {
  let cursor = ((await getSyncState('sync')) || {}).cursor || '0';
  for (let page = 0; page < 100; page++) {
    const r = await api.pullSync(cursor);
    if (r.status !== 200) throw new BackupError(r.status === 0 ? 'offline' : r.status === 401 ? 'signed_out' : 'server');
    const items = (await getSyncState('items')) || {};
    const index = await localIndex(raw);
    const changes = [];
    const kept = [];
    for (const item of r.body.items) await mergeRemote(item, raw, index, items, changes, kept);
    await saveRound(changes, items, kept, r.body.cursor);
    cursor = r.body.cursor;
    if (!r.body.more) break;
  }
}

async function push(raw) {
  for (let round = 0; round < 3; round++) {
    const items = (await getSyncState('items')) || {};
    const index = await localIndex(raw);
    const out = [];
    for (const [id, local] of index) {
      const known = items[id];
      if (known && !known.deleted && !known.unreadable && known.hash === local.hash) continue;
      const plain = await c.pack(enc.encode(JSON.stringify({ store: local.store, key: local.key, record: local.record })));
      out.push({ id, base_version: (known && known.version) || 0, ciphertext: await c.seal(raw, plain, id), local });
    }
    for (const [id, known] of Object.entries(items)) {
      if (!index.has(id) && !known.deleted && !known.unreadable && !known.alias && known.version) {
        out.push({ id, base_version: known.version, deleted: true });
      }
    }
    if (!out.length) return;
    const changes = [];
    const kept = [];
    for (let i = 0; i < out.length; i += 500) {
      const batch = out.slice(i, i + 500);
      const r = await api.pushSync(batch.map(({ local, ...item }) => item));
      if (r.status !== 200) throw new BackupError(r.status === 0 ? 'offline' : r.status === 401 ? 'signed_out' : 'server');
      for (const [j, res] of r.body.results.entries()) {
        const sent = batch[j];
        if (res.status === 'accepted') {
          items[res.id] = sent.deleted
            ? { version: res.version, deleted: true }
            : { store: sent.local.store, key: sent.local.key, version: res.version, hash: sent.local.hash };
        } else if (res.current) {
          await mergeRemote(res.current, raw, index, items, changes, kept);
        } else delete items[res.id]; // the server has no such item: send it again as new
      }
    }
    await saveRound(changes, items, kept, null);
  }
}

/** Pull, push, pull: both sides' changes end up on both. */
export async function sync() {
  const keys = await loadKeys();
  const account = await getSyncState('account');
  if (!keys || !account || !account.signedIn) return false;
  try {
    await pull(keys.raw);
    await push(keys.raw);
    await pull(keys.raw);
  } catch (e) {
    if (e.code === 'signed_out') await signedOutNow();
    throw e;
  }
  return true;
}

let running = null;
let again = false;
/** The automatic run (after changes, on open, when back online): sync, then back up if changed. */
export function run() {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      if (navigator.onLine === false) return null;
      const keys = await getSyncState('keys');
      const account = await getSyncState('account');
      if (!keys || !account || !account.signedIn) return null;
      const r = await api.call('GET', '/api/v1/account');
      if (r.status === 401) await signedOutNow();
      if (r.status !== 200) return null;
      await sync();
      return await backupNow();
    } finally {
      running = null;
      if (again) {
        again = false;
        run().catch(() => {});
      }
    }
  })();
  return running;
}
