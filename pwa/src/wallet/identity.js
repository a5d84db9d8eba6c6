// What makes two imports "the same credential": the same credential text, or the same id
// with the same content (sameContent).
// Pure functions (no DOM, no network), also used by db.js inside upgrade transactions.

/** A fast 53-bit hash of the text (cyrb53), as hex. Equal text → equal fingerprint; db.js compares the text on a match. */
export function fingerprintOf(text) {
  const s = String(text || '').trim();
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16);
}

export function b64urlJson(part) {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
}

/** The credential's own identifier (JSON `id`, JWT `jti` / `vc.id`), or null. */
export function credentialIdOf(text) {
  const s = String(text || '').trim();
  try {
    if (s.startsWith('{')) {
      const doc = JSON.parse(s);
      return typeof doc.id === 'string' && doc.id ? doc.id : null;
    }
    const jwt = s.split('~')[0]; // SD-JWT: the issuer-signed JWT comes first
    const parts = jwt.split('.');
    if (parts.length !== 3) return null;
    const p = b64urlJson(parts[1]);
    const id = p.jti || (p.vc && p.vc.id) || p.id;
    return typeof id === 'string' && id ? id : null;
  } catch {
    return null;
  }
}

/** JSON with its keys sorted, so that two copies differing only in layout compare equal. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Two credential texts with the same id are the same credential only when their content is
 * the same (JSON compared key by key, anything else as text): an expired, re-issued or
 * changed copy under the same id is another version, not a duplicate.
 */
export function sameContent(a, b) {
  const x = String(a || '').trim();
  const y = String(b || '').trim();
  if (x === y) return true;
  if (!x.startsWith('{') || !y.startsWith('{')) return false;
  try {
    return canonical(JSON.parse(x)) === canonical(JSON.parse(y));
  } catch {
    return false;
  }
}
