// Key generation and did:key derivation. Runs only on the device: no network.

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
// Multicodec varint for ed25519-pub (0xed) — https://github.com/multiformats/multicodec
const ED25519_PUB = [0xed, 0x01];
// … and for p256-pub (0x1200), followed by the compressed point.
const P256_PUB = [0x80, 0x24];

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

/** The bytes of a base58btc (Bitcoin alphabet) text; throws on any other character. */
export function base58decode(text) {
  const bytes = [];
  for (const ch of text) {
    let carry = B58.indexOf(ch);
    if (carry < 0) throw new Error('not base58');
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const ch of text) {
    if (ch !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
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
  const p256 = await createP256Key().catch(() => null); // made on first use where it fails here
  return { did: didKeyFromEd25519(raw), publicKey, privateKey, p256, createdAt: new Date().toISOString() };
}

const fromB64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

/** did:key for a P-256 public JWK: did:key:zDn… (the compressed point, 33 bytes). */
export function didKeyFromP256Jwk(jwk) {
  const x = fromB64url(jwk.x);
  const y = fromB64url(jwk.y);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || x.length !== 32 || y.length !== 32) throw new Error('not a P-256 public key');
  const bytes = new Uint8Array(35);
  bytes.set(P256_PUB, 0);
  bytes[2] = 0x02 | (y[31] & 1);
  bytes.set(x, 3);
  return `did:key:z${base58btc(bytes)}`;
}

/**
 * The wallet's second key, P-256 (ES256), for issuers that take no EdDSA. Made by WebCrypto and
 * not extractable: it never leaves this browser, so a backup does not carry it; a restored
 * wallet makes a new one when an issuer first needs it (architecture D16).
 */
export async function createP256Key() {
  const { publicKey, privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', publicKey);
  const publicJwk = { kty, crv, x, y };
  return { did: didKeyFromP256Jwk(publicJwk), publicJwk, privateKey, createdAt: new Date().toISOString() };
}
