// Backup cryptography (WebCrypto only; DOM-free). See docs/threat-model.md.
//
// A random 256-bit data key encrypts the wallet and each sync item with AES-256-GCM
// (iv(12) ‖ ciphertext+tag, base64url). The data key is wrapped (AES-GCM) once per way of
// opening the backup ("slots"):
//   recovery-code  PBKDF2-SHA256, 600,000 iterations, 16-byte random salt, over the
//                  normalised code (28 Crockford base32 characters = 140 random bits).
//                  The code alone is already out of reach of guessing; the slow KDF is a
//                  second wall in case a learner's code is partly seen.
//   prf            HKDF-SHA256 over the passkey's PRF output (32 bytes) for the fixed,
//                  public PRF salt below, with a random HKDF salt, info "satchel backup v1".

export const PBKDF2_ITERATIONS = 600_000;
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
const CODE_LENGTH = 28;
const enc = new TextEncoder();
const subtle = () => crypto.subtle;

export const b64u = {
  enc(buf) {
    const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
  dec(text) {
    const s = atob(String(text).replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  },
};

/** The PRF input every Satchel sign-in asks for. Public by design: it must be known before sign-in. */
export const PRF_SALT = enc.encode('satchel backup prf v1 ..........').slice(0, 32);

/** A new recovery code, e.g. "7KQM-2HXT-9VWD-4RJP-C8NE-…" (7 groups of 4). */
export function newRecoveryCode() {
  const bytes = crypto.getRandomValues(new Uint8Array(CODE_LENGTH));
  // 256 is a multiple of 32: taking each byte mod 32 is unbiased.
  const chars = Array.from(bytes, (b) => CODE_ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g).join('-');
}

/** The code as typed → canonical characters (case, spaces, hyphens and look-alikes forgiven), or null. */
export function normaliseCode(typed) {
  const s = String(typed || '')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== CODE_LENGTH || [...s].some((c) => !CODE_ALPHABET.includes(c))) return null;
  return s;
}

const aes = (raw, usages = ['encrypt', 'decrypt']) => subtle().importKey('raw', raw, 'AES-GCM', false, usages);

/** AES-GCM encrypt `plaintext` (bytes) under `key` (CryptoKey or 32 raw bytes); `aad` optional string. */
export async function seal(key, plaintext, aad) {
  const k = key instanceof CryptoKey ? key : await aes(key);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = aad ? { name: 'AES-GCM', iv, additionalData: enc.encode(aad) } : { name: 'AES-GCM', iv };
  const ct = new Uint8Array(await subtle().encrypt(params, k, plaintext));
  const out = new Uint8Array(12 + ct.length);
  out.set(iv);
  out.set(ct, 12);
  return b64u.enc(out);
}

/** Decrypt what `seal` made; rejects (OperationError) on a wrong key or any altered byte. */
export async function unseal(key, text, aad) {
  const bytes = b64u.dec(text);
  if (bytes.length < 28) throw new DOMException('ciphertext too short', 'OperationError');
  const k = key instanceof CryptoKey ? key : await aes(key);
  const iv = bytes.slice(0, 12);
  const params = aad ? { name: 'AES-GCM', iv, additionalData: enc.encode(aad) } : { name: 'AES-GCM', iv };
  return new Uint8Array(await subtle().decrypt(params, k, bytes.slice(12)));
}

export const newDataKey = () => crypto.getRandomValues(new Uint8Array(32));

async function hkdf(ikm, salt, info, usage = 'AES-GCM') {
  const base = await subtle().importKey('raw', ikm, 'HKDF', false, ['deriveKey', 'deriveBits']);
  const params = { name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode(info) };
  if (usage === 'bits') return new Uint8Array(await subtle().deriveBits(params, base, 256));
  return subtle().deriveKey(params, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

async function codeKey(canonical, salt, iterations) {
  const base = await subtle().importKey('raw', enc.encode(canonical), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A recovery-code slot wrapping `dataKey`. */
export async function codeSlot(dataKey, code) {
  const canonical = normaliseCode(code);
  if (!canonical) throw new Error('bad recovery code');
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const kek = await codeKey(canonical, salt, PBKDF2_ITERATIONS);
  return {
    kind: 'recovery-code',
    kdf: 'PBKDF2-SHA256',
    salt: b64u.enc(salt),
    iterations: PBKDF2_ITERATIONS,
    wrapped: await seal(kek, dataKey, 'satchel data key'),
  };
}

/** A PRF slot wrapping `dataKey` for passkey `credentialId` (PRF output `prf`, bytes). */
export async function prfSlot(dataKey, credentialId, prf) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const kek = await hkdf(prf, salt, 'satchel backup v1');
  return {
    kind: 'prf',
    credential_id: credentialId,
    prf_salt: b64u.enc(PRF_SALT),
    kdf: 'HKDF-SHA256',
    salt: b64u.enc(salt),
    wrapped: await seal(kek, dataKey, 'satchel data key'),
  };
}

/** Unwrap the data key from a slot with a recovery code or a PRF output; rejects when it does not open. */
export async function openSlot(slot, { code, prf }) {
  let kek;
  if (slot.kind === 'recovery-code') {
    const canonical = normaliseCode(code);
    if (!canonical) throw new DOMException('bad recovery code', 'OperationError');
    const iterations = Number(slot.iterations);
    if (!(iterations >= 100_000 && iterations <= 10_000_000)) throw new DOMException('bad slot', 'OperationError');
    kek = await codeKey(canonical, b64u.dec(slot.salt), iterations);
  } else if (slot.kind === 'prf') {
    kek = await hkdf(prf, b64u.dec(slot.salt), 'satchel backup v1');
  } else throw new DOMException('unknown slot', 'OperationError');
  const key = await unseal(kek, slot.wrapped, 'satchel data key');
  if (key.length !== 32) throw new DOMException('bad data key', 'OperationError');
  return key;
}

/** A short public id of a data key (tells two wallets' backups apart without revealing the key). */
export async function keyId(dataKey) {
  return b64u.enc((await hkdf(dataKey, new Uint8Array(0), 'satchel key id', 'bits')).slice(0, 12));
}

/** The sync item id of a local record: HMAC-SHA256 under a key from the data key (the server never sees ids). */
export async function itemIdFor(dataKey, store, key) {
  const raw = await hkdf(dataKey, new Uint8Array(0), 'satchel sync ids', 'bits');
  const mac = await subtle().importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = await subtle().sign('HMAC', mac, enc.encode(`${store}\n${key}`));
  return b64u.enc(new Uint8Array(sig).slice(0, 18));
}

export async function sha256(text) {
  return b64u.enc(await subtle().digest('SHA-256', enc.encode(text)));
}

/** Bytes → gzip bytes (when the browser can), else the bytes as they are. */
export async function pack(bytes) {
  if (typeof CompressionStream === 'undefined') return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inverse of pack: gzip (1f 8b) is inflated, anything else returned as is. */
export async function unpack(bytes) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
