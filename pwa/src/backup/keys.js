// The data key and its slots (recovery code, passkey PRF), the PRF outputs seen this session,
// and what every backup module shares: the error type, the state, the signed-out mark.
import { getSyncState, putSyncState } from '../db.js';
import * as c from './crypto.js';

/** A failure with a code the screens translate (backup.error.<code>). */
export class BackupError extends Error {
  constructor(code, detail) {
    super(detail || code);
    this.code = code;
  }
}

// PRF outputs seen this session, by passkey credential id. Memory only: never stored, never sent.
export const prfs = new Map();

export const getState = async () => ({
  account: (await getSyncState('account')) || null,
  keys: (await getSyncState('keys')) || null,
  backup: (await getSyncState('backup')) || null,
  sync: (await getSyncState('sync')) || null,
});

export async function signedOutNow() {
  const a = await getSyncState('account');
  if (a && a.signedIn) await putSyncState('account', { ...a, signedIn: false });
}

export async function loadKeys() {
  const keys = await getSyncState('keys');
  return keys ? { ...keys, raw: c.b64u.dec(keys.dataKey) } : null;
}

/**
 * Store the data key and its slots. `pendingCode`: a recovery code the learner has not yet
 * confirmed writing down (kept on this phone only, beside the data key it opens, until
 * confirmRecoveryCode()); undefined keeps the one already stored for the same key.
 */
export async function saveKeys(raw, slots, pendingCode) {
  const kid = await c.keyId(raw);
  if (pendingCode === undefined) {
    const old = await getSyncState('keys');
    pendingCode = (old && old.kid === kid && old.pendingCode) || null;
  }
  const keys = { dataKey: c.b64u.enc(raw), kid, slots, ...(pendingCode ? { pendingCode } : {}) };
  await putSyncState('keys', keys);
  return { ...keys, raw };
}

/** A new data key and recovery code for this wallet. Resolves with the code, shown until confirmed. */
export async function createKeys() {
  const raw = c.newDataKey();
  const code = c.newRecoveryCode();
  const slots = [await c.codeSlot(raw, code)];
  await saveKeys(raw, slots, code);
  return code;
}

/** The learner has written the recovery code down: stop keeping it. */
export async function confirmRecoveryCode() {
  const keys = await getSyncState('keys');
  if (!keys || !keys.pendingCode) return;
  const rest = { ...keys };
  delete rest.pendingCode;
  await putSyncState('keys', rest);
}

/** A new recovery code for the same data key (the old code stops opening new backups). */
export async function replaceRecoveryCode() {
  const keys = await loadKeys();
  if (!keys) throw new BackupError('no_keys');
  const code = c.newRecoveryCode();
  const slots = [await c.codeSlot(keys.raw, code), ...keys.slots.filter((s) => s.kind !== 'recovery-code')];
  await saveKeys(keys.raw, slots, code);
  return code;
}

/** Add a PRF slot for a passkey whose PRF output this session has seen; true when one was added. */
export async function addPrfSlots() {
  const keys = await loadKeys();
  if (!keys) return false;
  const missing = [...prfs].filter(([id]) => !keys.slots.some((s) => s.kind === 'prf' && s.credential_id === id));
  if (!missing.length) return false;
  const added = await Promise.all(missing.map(([id, prf]) => c.prfSlot(keys.raw, id, prf)));
  await saveKeys(keys.raw, [...keys.slots, ...added]);
  return true;
}
