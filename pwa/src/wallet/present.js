// Presentations made on the device with the wallet's Ed25519 key (WebCrypto), the same
// shapes wallet_core/presentations and wallet_core/sdjwt.py verify (docs/api.md, "Share links"):
//   VP-JWT   header {alg: EdDSA, typ: JWT, kid: <did>#<key>}, payload {iss, aud, nonce, iat, exp,
//            vp: {@context, type, holder, verifiableCredential: [JSON object | compact string]}}
//   SD-JWT   inside the VP: only the chosen disclosures, plus a key binding JWT
//            {typ: kb+jwt} {iat, aud, nonce, sd_hash over "<issuer-jwt>~<disclosures>~"}
//   SVP2:    the compact QR form: "SVP2:" + base45(deflate-raw(pack(text))), pack replacing each long
//            run of canonical base64url by its decoded bytes (recursively for JSON): records
//            [tag 0 text | 1 base64url of bytes | 2 base64url of packed bytes][LEB128 length][bytes];
//            cut into parts "SVP2/<i>/<n>/<id>:<piece>" when too long for one code (wallet_core/presentations/qr.py)
//   SVP1:    the first QR form (still read): "SVP1:" + base45(zlib(records)), each record
//            [separator byte (0 first, else '.' or '~')][LEB128 length][the segment's decoded bytes]
// DOM-free; no network.

export const VP_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const QR_PREFIX = 'SVP2:';
export const QR_PREFIX_V1 = 'SVP1:';
export const QR_PART_PREFIX = 'SVP2/';
/** base45 characters per QR code before the text is cut into parts (a version-21 code at level M at most). */
export const PART_SIZE = 1000;
/** The audience of a presentation shown as a QR code in person (no server, no verifier nonce). */
export const OFFLINE_AUDIENCE = 'satchel:offline';
export const MAX_CREDENTIALS = 20;

const enc = new TextEncoder();

export function b64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

export const b64urlJson = (text) => JSON.parse(new TextDecoder().decode(fromB64url(text)));
const b64urlText = (s) => b64url(enc.encode(s));

export async function sha256b64url(text) {
  return b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text))));
}

/** Is this stored credential text an SD-JWT (`<jwt>~<disclosure>~…~[kb]`)? */
export const isSdJwt = (text) => typeof text === 'string' && !text.trim().startsWith('{') && text.includes('~');

export function splitSdJwt(text) {
  const pieces = text.trim().split('~');
  return { jwt: pieces[0], disclosures: pieces.slice(1, -1).filter(Boolean), kb: pieces[pieces.length - 1] || null };
}

/**
 * The claims of an SD-JWT with the given disclosures put back, and each disclosure's claim path
 * (`"sub"`, `"achievement.level"`, `"achievement.outcomes[0]"`).
 * Throws when a disclosure is not one the issuer signed (altered or foreign).
 */
export async function reveal(payload, disclosures) {
  const byDigest = new Map();
  for (const d of disclosures) {
    const item = b64urlJson(d);
    if (!Array.isArray(item) || (item.length !== 2 && item.length !== 3)) throw new Error('a disclosure is malformed');
    byDigest.set(await sha256b64url(d), { d, item });
  }
  const used = new Set();
  const items = []; // {disclosure, path, name, value}
  const walk = (node, path) => {
    if (Array.isArray(node)) {
      const out = [];
      node.forEach((x, i) => {
        if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 1 && '...' in x) {
          const hit = byDigest.get(x['...']);
          if (!hit || hit.item.length !== 2) return;
          used.add(x['...']);
          const sub = `${path}[${i}]`;
          items.push({ disclosure: hit.d, path: sub, name: null, value: hit.item[1] });
          out.push(walk(hit.item[1], sub));
        } else out.push(walk(x, `${path}[${i}]`));
      });
      return out;
    }
    if (node && typeof node === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(node)) if (k !== '_sd' && k !== '_sd_alg') out[k] = walk(v, path ? `${path}.${k}` : k);
      for (const dig of Array.isArray(node._sd) ? node._sd : []) {
        const hit = byDigest.get(dig);
        if (!hit || hit.item.length !== 3) continue;
        used.add(dig);
        const [, name, value] = hit.item;
        const sub = path ? `${path}.${name}` : name;
        items.push({ disclosure: hit.d, path: sub, name, value });
        out[name] = walk(value, sub);
      }
      return out;
    }
    return node;
  };
  const claims = walk(payload, '');
  if (used.size !== byDigest.size) throw new Error('a disclosure is not part of what the issuer signed');
  return { claims, items };
}

/** The selectively disclosable fields of a stored SD-JWT: [{disclosure, path, name, value}]. */
export async function disclosable(text) {
  const { jwt, disclosures } = splitSdJwt(text);
  return (await reveal(b64urlJson(jwt.split('.')[1]), disclosures)).items;
}

/** The claims everyone sees (nothing disclosed) and the claims with `paths` disclosed. */
export async function sdJwtView(text, paths) {
  const { jwt } = splitSdJwt(text);
  const payload = b64urlJson(jwt.split('.')[1]);
  const items = await disclosable(text);
  const kept = keptDisclosures(items, paths);
  return { hidden: (await reveal(payload, [])).claims, shown: (await reveal(payload, kept)).claims };
}

/** A nested claim is only visible with the disclosures of its parents (as sdjwt.present does). */
function keptDisclosures(items, paths) {
  const wanted = [...paths];
  const under = (w, p) => w === p || w.startsWith(`${p}.`) || w.startsWith(`${p}[`);
  return items.filter((it) => wanted.some((w) => under(w, it.path))).map((it) => it.disclosure);
}

async function signJwt(header, payload, privateKey) {
  const input = `${b64urlText(JSON.stringify(header))}.${b64urlText(JSON.stringify(payload))}`;
  const sig = await crypto.subtle.sign({ name: 'Ed25519' }, privateKey, enc.encode(input));
  return `${input}.${b64url(new Uint8Array(sig))}`;
}

/** An SD-JWT keeping only the disclosures of `paths`, with a key binding JWT for aud/nonce. */
export async function presentSdJwt(text, paths, wallet, { aud, nonce, iat }) {
  const { jwt } = splitSdJwt(text);
  const kept = keptDisclosures(await disclosable(text), paths);
  const base = [jwt, ...kept].join('~') + '~';
  const kb = await signJwt({ alg: 'EdDSA', typ: 'kb+jwt' }, { iat, aud, nonce, sd_hash: await sha256b64url(base) }, wallet.privateKey);
  return base + kb;
}

/**
 * A VP-JWT of `items` ([{text, paths?}]: stored credential text; for SD-JWTs the claim paths to
 * disclose), signed by the wallet. `lifetime` seconds until exp.
 */
export async function createPresentation(items, wallet, { aud, nonce, lifetime = 300 }) {
  if (!items.length || items.length > MAX_CREDENTIALS) throw new Error(`1 to ${MAX_CREDENTIALS} credentials`);
  const iat = Math.floor(Date.now() / 1000);
  const entries = [];
  for (const { text, paths } of items) {
    const s = String(text).trim();
    if (s.startsWith('{')) entries.push(JSON.parse(s));
    else if (isSdJwt(s)) entries.push(await presentSdJwt(s, paths || [], wallet, { aud, nonce, iat }));
    else entries.push(s);
  }
  const did = wallet.did;
  const payload = {
    iss: did,
    aud,
    nonce,
    iat,
    exp: iat + lifetime,
    vp: { '@context': [VP_CONTEXT], type: ['VerifiablePresentation'], holder: did, verifiableCredential: entries },
  };
  return signJwt({ alg: 'EdDSA', typ: 'JWT', kid: `${did}#${did.slice('did:key:'.length)}` }, payload, wallet.privateKey);
}

/** A random nonce made on the device (for the in-person QR: no verifier to ask). */
export const deviceNonce = () => b64url(crypto.getRandomValues(new Uint8Array(16)));

// ---- SVP1 (QR form) ----------------------------------------------------------------------

const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function b45encode(data) {
  let out = '';
  for (let i = 0; i < data.length; i += 2) {
    if (i + 1 < data.length) {
      let n = data[i] * 256 + data[i + 1];
      const c = Math.floor(n / 2025);
      n %= 2025;
      out += B45[n % 45] + B45[Math.floor(n / 45)] + B45[c];
    } else out += B45[data[i] % 45] + B45[Math.floor(data[i] / 45)];
  }
  return out;
}

function b45decode(text) {
  const values = Array.from(text, (ch) => {
    const v = B45.indexOf(ch);
    if (v < 0) throw new Error('not base45');
    return v;
  });
  const out = [];
  for (let i = 0; i < values.length; i += 3) {
    const chunk = values.slice(i, i + 3);
    if (chunk.length === 3) {
      const n = chunk[0] + chunk[1] * 45 + chunk[2] * 2025;
      if (n > 0xffff) throw new Error('not base45');
      out.push(n >> 8, n & 0xff);
    } else if (chunk.length === 2) {
      const n = chunk[0] + chunk[1] * 45;
      if (n > 0xff) throw new Error('not base45');
      out.push(n);
    } else throw new Error('not base45');
  }
  return Uint8Array.from(out);
}

async function pipe(bytes, stream, max = Infinity) {
  const reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      reader.cancel();
      throw new Error('the QR presentation unpacks to too much data');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function decodeV1(text, maxBytes) {
  const body = await pipe(b45decode(text.slice(QR_PREFIX_V1.length).trim()), new DecompressionStream('deflate'), maxBytes);
  let out = '';
  let i = 0;
  while (i < body.length) {
    const sep = body[i];
    if (![0, 46, 126].includes(sep) || (sep === 0) !== (i === 0)) throw new Error('the QR presentation is damaged');
    i++;
    let n;
    [n, i] = readVarint(body, i);
    if (i + n > body.length) throw new Error('the QR presentation is damaged');
    out += (sep ? String.fromCharCode(sep) : '') + b64url(body.subarray(i, i + n));
    i += n;
  }
  return out;
}

// ---- SVP2 ------------------------------------------------------------------------------------

const RUN = /[A-Za-z0-9_-]{16,}/g;
const MAX_DEPTH = 4;
const latin1 = (bytes) => {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
};

/** The unsigned LEB128 number at body[i] (at most 5 bytes) and the index after it. */
function readVarint(body, i) {
  let n = 0;
  let shift = 0;
  for (;;) {
    if (i >= body.length || shift > 28) throw new Error('the QR presentation is damaged');
    const b = body[i++];
    n |= (b & 0x7f) << shift;
    shift += 7;
    if (!(b & 0x80)) return [n, i];
  }
}

function pushVarint(out, n) {
  do {
    const byte = n & 0x7f;
    n >>>= 7;
    out.push(byte | (n ? 0x80 : 0));
  } while (n);
}

function pack(data, depth, binary) {
  const text = latin1(data);
  const out = [];
  const record = (tag, raw) => {
    out.push(tag);
    pushVarint(out, raw.length);
    for (const b of raw) out.push(b);
  };
  let at = 0;
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    if (run.length % 4 === 1) continue;
    const raw = fromB64url(run);
    if (b64url(raw) !== run) continue;
    let tag;
    let bytes = raw;
    if (depth < MAX_DEPTH - 1 && (raw[0] === 0x7b || raw[0] === 0x5b)) {
      tag = 2;
      bytes = pack(raw, depth + 1, binary);
    } else if (binary && run.length >= 40) tag = 1;
    else continue;
    if (m.index > at) record(0, data.subarray(at, m.index));
    record(tag, bytes);
    at = m.index + run.length;
  }
  if (at < data.length) record(0, data.subarray(at));
  return Uint8Array.from(out);
}

function unpack(body, budget, depth) {
  if (depth >= MAX_DEPTH) throw new Error('the QR presentation is damaged');
  const pieces = [];
  let i = 0;
  while (i < body.length) {
    const tag = body[i++];
    let n;
    [n, i] = readVarint(body, i);
    if (i + n > body.length || tag > 2) throw new Error('the QR presentation is damaged');
    let raw = body.subarray(i, i + n);
    i += n;
    if (tag === 2) raw = unpack(raw, budget, depth + 1);
    const piece = tag === 0 ? raw : enc.encode(b64url(raw));
    budget.left -= piece.length;
    if (budget.left < 0) throw new Error('the QR presentation unpacks to too much data');
    pieces.push(piece);
  }
  const out = new Uint8Array(pieces.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function partId(body) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(body)));
  return Array.from(digest.subarray(0, 3), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

/**
 * The SVP2 QR texts of a VP-JWT (or SD-JWT+KB): one text, or its parts
 * (`SVP2/<i>/<n>/<id>:<piece>`) when it is longer than `partSize` characters.
 */
export async function qrEncodeParts(presentation, partSize = PART_SIZE) {
  if (!/^[\x21-\x7e]*$/.test(presentation)) throw new Error('a presentation is ASCII text');
  const data = enc.encode(presentation);
  let body = null;
  // long non-JSON base64url runs (signatures, base58 keys that happen to be base64url) pack
  // better as bytes or as text: keep the smaller
  for (const binary of [true, false]) {
    const b = b45encode(await pipe(pack(data, 0, binary), new CompressionStream('deflate-raw')));
    if (body === null || b.length < body.length) body = b;
  }
  if (QR_PREFIX.length + body.length <= partSize) return [QR_PREFIX + body];
  const n = Math.ceil(body.length / partSize);
  if (n > 99) throw new Error('too large for in-person QR codes');
  const size = Math.ceil(body.length / n);
  const id = await partId(body);
  return Array.from({ length: n }, (_, i) => `${QR_PART_PREFIX}${i + 1}/${n}/${id}:${body.slice(i * size, (i + 1) * size)}`);
}

/** Pack a presentation into one `SVP2:<base45>` text (however long). */
export async function qrEncode(presentation) {
  return (await qrEncodeParts(presentation, Infinity))[0];
}

/** {index, total, id} of a part of an SVP2 code, or null when `text` is not one. */
export function qrPart(text) {
  const m = /^SVP2\/(\d{1,2})\/(\d{1,2})\/([0-9A-F]{6}):([\s\S]*)$/.exec(text.replace(/[\r\n]+$/, ''));
  if (!m) return null;
  const index = Number(m[1]);
  const total = Number(m[2]);
  if (index < 1 || index > total) return null;
  return { index, total, id: m[3], piece: m[4] };
}

/** The `SVP2:` text of a complete set of parts (any order); throws when incomplete or mixed. */
export async function qrJoin(parts) {
  const seen = new Map();
  let first = null;
  for (const text of parts) {
    const p = qrPart(text);
    if (!p) throw new Error('not part of an in-person QR code');
    if (first && (p.total !== first.total || p.id !== first.id)) throw new Error('these QR parts belong to different codes');
    first ||= p;
    seen.set(p.index, p.piece);
  }
  if (!first || seen.size !== first.total) throw new Error(`only ${seen.size} of ${first ? first.total : '?'} parts`);
  let body = '';
  for (let i = 1; i <= first.total; i++) body += seen.get(i);
  if ((await partId(body)) !== first.id) throw new Error('the QR parts do not fit together');
  return QR_PREFIX + body;
}

/** Is this scanned text an in-person QR presentation (or a part of one)? */
export const isQrPresentation = (text) => text.startsWith(QR_PREFIX) || text.startsWith(QR_PREFIX_V1) || text.startsWith(QR_PART_PREFIX);

/** Unpack `SVP2:…`, `SVP1:…` or all the parts of a code (one a line) into the presentation text; throws on anything damaged. */
export async function qrDecode(text, maxBytes = 1024 * 1024) {
  text = text.trim();
  if (text.startsWith(QR_PART_PREFIX)) text = await qrJoin(text.split(/\r?\n/).filter((l) => l.trim()));
  if (text.startsWith(QR_PREFIX_V1)) return decodeV1(text, maxBytes);
  if (!text.startsWith(QR_PREFIX)) throw new Error(`QR presentations start with ${QR_PREFIX}`);
  const body = await pipe(b45decode(text.slice(QR_PREFIX.length)), new DecompressionStream('deflate-raw'), maxBytes);
  const out = unpack(body, { left: maxBytes }, 0);
  for (const b of out) if (b > 0x7e || b < 0x20) throw new Error('the QR presentation is damaged');
  return new TextDecoder().decode(out);
}
