// The two-way in-person exchange, with no network (decision D6): the verifier's phone shows a
// challenge QR "SVC1:<nonce>:<id>" (a fresh random nonce, 32 hex digits, and this phone's
// ephemeral verifier id, 8 hex digits; all in the QR alphanumeric set); the learner's wallet
// answers with a presentation for audience "satchel:inperson:<id>" and that nonce. The verifier
// remembers each challenge it made (localStorage, single use, 15 minutes), so a code answering
// one of them cannot be a replay: checked offline, it can read "verified".
export const CHALLENGE_PREFIX = 'SVC1:';
export const CHALLENGE_AUDIENCE = 'satchel:inperson:';
export const CHALLENGE_LIFE_MS = 15 * 60 * 1000;
const KEY = 'satchel.verifier.challenges';
const ID_KEY = 'satchel.verifier.id';

const hex = (n) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();

/** {audience, nonce} of a scanned challenge text, or null when it is not one. */
export function readChallenge(text) {
  const m = /^SVC1:([0-9A-F]{32}):([0-9A-F]{8})$/.exec(String(text || '').trim());
  return m ? { nonce: m[1], audience: CHALLENGE_AUDIENCE + m[2] } : null;
}

function load(now) {
  try {
    const all = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(all) ? all.filter((c) => c && typeof c.nonce === 'string' && c.expires > now) : [];
  } catch {
    return [];
  }
}

/** Make and remember a new challenge; resolves {text, audience, nonce, expires}. */
export function newChallenge(now = Date.now()) {
  let id = localStorage.getItem(ID_KEY);
  if (!/^[0-9A-F]{8}$/.test(id || '')) localStorage.setItem(ID_KEY, (id = hex(4)));
  const nonce = hex(16);
  const challenge = { audience: CHALLENGE_AUDIENCE + id, nonce, expires: now + CHALLENGE_LIFE_MS };
  localStorage.setItem(KEY, JSON.stringify([...load(now), challenge].slice(-20)));
  return { ...challenge, text: `${CHALLENGE_PREFIX}${nonce}:${id}` };
}

/**
 * The challenge this phone made that a presentation answers ({audience, nonce}), taken out of the
 * list so it is used once; null when there is none (never made here, used already, or expired).
 */
export function takeChallenge(aud, nonce, now = Date.now()) {
  const all = load(now);
  const hit = all.find((c) => c.audience === aud && c.nonce === nonce);
  localStorage.setItem(KEY, JSON.stringify(all.filter((c) => c !== hit)));
  return hit ? { audience: hit.audience, nonce: hit.nonce } : null;
}
