// Key generation and did:key derivation. Runs only on the device: no network.

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
// Multicodec varint for ed25519-pub (0xed) — https://github.com/multiformats/multicodec
const ED25519_PUB = [0xed, 0x01];

/** Base58btc (Bitcoin alphabet) encoding of a byte array. */
export function base58btc(bytes) {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits = []; // little-endian base-58 digits
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i];
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j] << 8;
      digits[j] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '1'.repeat(zeros);
  for (let i = digits.length - 1; i >= 0; i--) out += B58[digits[i]];
  return out;
}

/** did:key for a 32-byte raw Ed25519 public key: did:key:z6Mk… */
export function didKeyFromEd25519(raw) {
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  const bytes = new Uint8Array(34);
  bytes.set(ED25519_PUB, 0);
  bytes.set(raw, 2);
  return `did:key:z${base58btc(bytes)}`;
}

export function ed25519Supported() {
  return Boolean(globalThis.crypto && crypto.subtle && typeof crypto.subtle.generateKey === 'function');
}

/**
 * A new wallet: an Ed25519 key pair and its did:key.
 * The private key is extractable only so that an encrypted backup can carry it later
 * (architecture D4); it is never sent anywhere.
 */
export async function createWalletKeys() {
  const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ]);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
  return { did: didKeyFromEd25519(raw), publicKey, privateKey, createdAt: new Date().toISOString() };
}
