// Encrypted backup, restore, wallet files and per-item sync (docs/api.md, docs/threat-model.md):
// the account and backup flows here, keys in keys.js, envelopes and wallet files in
// envelope.js, per-item sync in sync.js. The screens and app/autosync.js import this module only.
// Loaded lazily: by the account screens, and by app/autosync.js once the learner has an account.
import { getSyncState, putSyncState } from '../db.js';
import { openEnvelope, refuseIfOtherWallet, seal, writeRestored } from './envelope.js';
import { addPrfSlots, BackupError, createKeys, loadKeys, prfs, saveKeys, signedOutNow } from './keys.js';
import * as api from './server.js';
import { sync } from './sync.js';

export { exportFile, importFile, openEnvelope } from './envelope.js';
export { BackupError, confirmRecoveryCode, createKeys, getState, replaceRecoveryCode } from './keys.js';
export { sync } from './sync.js';

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

// ---- The automatic run ----

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
