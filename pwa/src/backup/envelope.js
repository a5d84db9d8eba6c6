// Envelopes: the encrypted wallet (backup body and .satchel wallet file), sealed under the data
// key with its key slots beside it; opening one, restoring it, wallet files.
import { getSyncState, readWhole, replaceWhole } from '../db.js';
import * as c from './crypto.js';
import { BackupError, loadKeys } from './keys.js';
import { contentOf, recordsFrom, takeSnapshot } from './snapshot.js';

const FILE_KIND = 'satchel-wallet-file';
const enc = new TextEncoder();
const dec = new TextDecoder();

export async function seal(keys) {
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

export async function writeRestored({ raw, records, slots }, sync) {
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

/**
 * The wallet as an encrypted file (recovery-code slot only): {blob, name}. Refused while the
 * learner has not confirmed writing the recovery code down: a file nobody can open is no backup.
 */
export async function exportFile() {
  const keys = await loadKeys();
  if (!keys) throw new BackupError('no_keys');
  if (keys.pendingCode) throw new BackupError('code_unconfirmed');
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
export async function refuseIfOtherWallet() {
  const whole = await readWhole();
  if (whole.wallet && (whole.credentials.length || whole.shares.length)) throw new BackupError('wallet_not_empty');
}
