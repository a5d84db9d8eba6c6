// The only module that talks to the Satchel server (documented API, /api/v1/...).
// (Issuers other than this server are reached by wallet/oid4vci.js.)

export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024; // the server refuses larger bodies with 413

/**
 * Ask the server to verify a credential file.
 * Resolves (never rejects) with one of:
 *   {ok: true, verdict}
 *   {ok: false, kind: 'too_large' | 'offline' | 'rejected' | 'server', code?, message?}
 * `message` is the server's plain-language reason when it gave one.
 */
export async function verifyFile(file, lang) {
  if (file.size > MAX_UPLOAD_BYTES) return { ok: false, kind: 'too_large', code: 'too_large' };
  if (navigator.onLine === false) return { ok: false, kind: 'offline' };
  let res;
  try {
    res = await fetch('/api/v1/verify', {
      method: 'POST',
      body: file,
      headers: {
        'Content-Type': file.type || 'application/octet-stream',
        'Accept': 'application/json',
        'Accept-Language': lang,
      },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, kind: 'offline' };
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: handled below */
  }
  if (res.ok && body && body.verdict) return { ok: true, verdict: body.verdict };
  if (res.status === 413) {
    return { ok: false, kind: 'too_large', code: 'too_large', message: body && body.message };
  }
  if (res.status >= 400 && res.status < 500 && body && body.error) {
    return { ok: false, kind: 'rejected', code: body.error, message: body.message };
  }
  return { ok: false, kind: 'server', code: `http_${res.status}` };
}

/**
 * Ask the server for its verdict on a presentation shown in person (SVP2:…, a VP-JWT or an
 * SD-JWT+KB): POST /api/v1/presentations/verify. Resolves (never rejects) with {ok: true, verdict}
 * (a PresentationVerdict) or {ok: false, kind: 'offline' | 'rejected' | 'server'}.
 */
export async function verifyPresentation(text, lang, challenge = null) {
  if (navigator.onLine === false) return { ok: false, kind: 'offline' };
  // a two-way answer is checked against the challenge this phone made ({audience, nonce})
  const query = challenge ? `?${new URLSearchParams({ audience: challenge.audience, nonce: challenge.nonce })}` : '';
  try {
    const res = await fetch(`/api/v1/presentations/verify${query}`, {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': 'text/plain', 'Accept': 'application/json', 'Accept-Language': lang },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const body = await res.json().catch(() => null);
    if (res.ok && body && body.verdict) return { ok: true, verdict: body.verdict };
    return { ok: false, kind: res.status < 500 ? 'rejected' : 'server', code: body?.error };
  } catch {
    return { ok: false, kind: 'offline' };
  }
}

/** GET a JSON document of the server's API; resolves with the body, or null when offline or refused. */
async function getJson(path, lang) {
  if (navigator.onLine === false) return null;
  try {
    const res = await fetch(path, {
      headers: { Accept: 'application/json', 'Accept-Language': lang },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/** The issuer's stackable pathways and achievement definitions (docs/api.md), or null. */
export async function getPathways(lang) {
  const [pathways, achievements] = await Promise.all([
    getJson('/api/v1/issuer/pathways', lang),
    getJson('/api/v1/issuer/achievements', lang),
  ]);
  if (!Array.isArray(pathways)) return null;
  return { pathways, achievements: Array.isArray(achievements) ? achievements : [] };
}

// ---- share links (docs/api.md "Share links") ------------------------------------------------

/** fetch + JSON for the share endpoints: {ok, status, body} or {ok: false, offline: true}. */
async function shareCall(path, { method = 'GET', secret, body, lang } = {}) {
  if (navigator.onLine === false) return { ok: false, offline: true };
  const headers = { Accept: 'application/json' };
  if (lang) headers['Accept-Language'] = lang;
  if (secret) headers.Authorization = `Bearer ${secret}`;
  if (body) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { ok: false, offline: true };
  }
  let out = null;
  try {
    out = await res.json();
  } catch {
    /* not JSON */
  }
  return { ok: res.ok, status: res.status, body: out };
}

/** A single-use nonce and the audience for a share presentation: {nonce, audience, expires_in}. */
export const shareNonce = (lang) => shareCall('/api/v1/shares/nonce', { method: 'POST', lang });
/** Store a signed presentation behind a link: {presentation, label, expires_at, manage_secret}. */
export const createShare = (share, lang) => shareCall('/api/v1/shares', { method: 'POST', body: share, lang });
export const listShares = (secret, lang) => shareCall('/api/v1/shares', { secret, lang });
export const revokeShare = (id, secret, lang) => shareCall(`/api/v1/shares/${encodeURIComponent(id)}`, { method: 'DELETE', secret, lang });
