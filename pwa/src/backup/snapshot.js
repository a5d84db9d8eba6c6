// The whole wallet as one plain object (what a backup or a wallet file carries, before
// encryption), and back. DOM-free apart from localStorage for the language setting.
import { readWhole } from '../db.js';
import { didKeyFromEd25519 } from '../wallet/keys.js';
import { b64u } from './crypto.js';

export const FORMAT = 'satchel-wallet';
export const FORMAT_VERSION = 1;

function language() {
  try {
    return localStorage.getItem('satchel.lang');
  } catch {
    return null;
  }
}

/** Read everything from IndexedDB: {format, v, createdAt, wallet (keys as JWK), credentials, shares, queue, settings}. */
export async function takeSnapshot() {
  const whole = await readWhole();
  const w = whole.wallet;
  if (!w) throw new Error('no wallet');
  const [publicKeyJwk, privateKeyJwk] = await Promise.all([
    crypto.subtle.exportKey('jwk', w.publicKey),
    crypto.subtle.exportKey('jwk', w.privateKey),
  ]);
  return {
    format: FORMAT,
    v: FORMAT_VERSION,
    wallet: { did: w.did, createdAt: w.createdAt, publicKeyJwk, privateKeyJwk },
    credentials: whole.credentials,
    shares: whole.shares,
    queue: whole.queue.map((q) => (q.bytes ? { ...q, bytes: b64u.enc(q.bytes), state: 'waiting' } : q)),
    settings: { lang: language() },
  };
}

/** The wallet-dependent part of a snapshot, for "has anything changed since the last backup?". */
export function contentOf(snapshot) {
  const { wallet, credentials, shares, queue, settings } = snapshot;
  return JSON.stringify({ did: wallet.did, credentials, shares, queue: queue.map((q) => q.id), settings });
}

const isRecord = (x) => x && typeof x === 'object' && !Array.isArray(x);

/**
 * Check a decrypted snapshot and turn it back into IndexedDB records (keys imported as
 * CryptoKeys; the DID must be the public key's). Throws on anything malformed: nothing is
 * written by this function.
 */
export async function recordsFrom(snapshot) {
  if (!isRecord(snapshot) || snapshot.format !== FORMAT || snapshot.v !== FORMAT_VERSION) throw new Error('format');
  const w = snapshot.wallet;
  if (!isRecord(w) || !isRecord(w.publicKeyJwk) || !isRecord(w.privateKeyJwk)) throw new Error('format');
  const lists = ['credentials', 'shares', 'queue'];
  if (lists.some((k) => !Array.isArray(snapshot[k]) || snapshot[k].some((r) => !isRecord(r) || typeof r.id !== 'string')))
    throw new Error('format');
  const [publicKey, privateKey] = await Promise.all([
    crypto.subtle.importKey('jwk', w.publicKeyJwk, { name: 'Ed25519' }, true, ['verify']),
    crypto.subtle.importKey('jwk', w.privateKeyJwk, { name: 'Ed25519' }, true, ['sign']),
  ]);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
  if (didKeyFromEd25519(raw) !== w.did) throw new Error('format');
  return {
    wallet: { did: w.did, publicKey, privateKey, createdAt: w.createdAt },
    credentials: snapshot.credentials,
    shares: snapshot.shares,
    queue: snapshot.queue.map((q) => (typeof q.bytes === 'string' ? { ...q, bytes: b64u.dec(q.bytes).buffer } : q)),
    settings: isRecord(snapshot.settings) ? snapshot.settings : {},
  };
}
