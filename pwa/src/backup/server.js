// Accounts (passkeys), encrypted backup and sync: the server's API (docs/api.md) and the
// WebAuthn ceremonies. The CSRF token lives in memory only; after a reload it is fetched
// again with GET /api/v1/account.
import { b64u, PRF_SALT } from './crypto.js';

let csrf = null;

/** Resolves with {status, body, headers}; status 0 when the network failed. */
export async function call(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    if (!csrf && !path.includes('/register/') && !path.includes('/signin/')) await account();
    if (csrf) h['X-CSRF-Token'] = csrf;
  }
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { status: 0, body: null, headers: new Headers() };
  }
  let json = null;
  try {
    const text = await res.text();
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (json && json.csrf_token) csrf = json.csrf_token;
  if (res.status === 401) csrf = null;
  return { status: res.status, body: json, headers: res.headers };
}

/** GET /api/v1/account: the Account (and the CSRF token), or null when not signed in or offline. */
export async function account() {
  const r = await call('GET', '/api/v1/account');
  return r.status === 200 ? r.body : null;
}

// ---- WebAuthn JSON ↔ browser objects (for browsers without parse*FromJSON / toJSON) ----

const dec = (x) => b64u.dec(x);
const descriptors = (list) => (list || []).map((c) => ({ ...c, id: dec(c.id) }));

function creationOptions(json) {
  return {
    ...json,
    challenge: dec(json.challenge),
    user: { ...json.user, id: dec(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
    extensions: { ...(json.extensions || {}), prf: { eval: { first: PRF_SALT } } },
  };
}

function requestOptions(json) {
  return {
    ...json,
    challenge: dec(json.challenge),
    allowCredentials: descriptors(json.allowCredentials),
    extensions: { ...(json.extensions || {}), prf: { eval: { first: PRF_SALT } } },
  };
}

/** credential.toJSON() without the PRF output (the server refuses it; it is a backup key). */
function forServer(credential) {
  let json;
  if (typeof credential.toJSON === 'function') json = credential.toJSON();
  else {
    const r = credential.response;
    const response = { clientDataJSON: b64u.enc(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = b64u.enc(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = b64u.enc(r.authenticatorData);
      response.signature = b64u.enc(r.signature);
      if (r.userHandle) response.userHandle = b64u.enc(r.userHandle);
    }
    json = {
      id: credential.id,
      rawId: b64u.enc(credential.rawId),
      type: credential.type,
      response,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: JSON.parse(JSON.stringify(credential.getClientExtensionResults(), (k, v) => (v instanceof ArrayBuffer ? undefined : v))),
    };
  }
  const prf = json.clientExtensionResults && json.clientExtensionResults.prf;
  if (prf) delete prf.results;
  return json;
}

/** The PRF output (32 bytes) the passkey gave, or null. */
function prfOf(credential) {
  const prf = credential.getClientExtensionResults().prf;
  return prf && prf.results && prf.results.first ? new Uint8Array(prf.results.first) : null;
}

export class CeremonyError extends Error {
  constructor(code, message) {
    super(message || code);
    this.code = code; // cancelled | offline | unsupported | <server error code>
  }
}

function refused(r) {
  if (r.status === 0) return new CeremonyError('offline');
  return new CeremonyError((r.body && r.body.error) || `http_${r.status}`, r.body && r.body.message);
}

async function browserCall(fn) {
  if (!window.PublicKeyCredential || !navigator.credentials) throw new CeremonyError('unsupported');
  try {
    const c = await fn();
    if (!c) throw new CeremonyError('cancelled');
    return c;
  } catch (e) {
    if (e instanceof CeremonyError) throw e;
    // SecurityError: this page's address can't hold the RP ID (an IP address, another host name).
    const code = e && e.name === 'NotAllowedError' ? 'cancelled' : e && e.name === 'SecurityError' ? 'wrong_address' : 'unsupported';
    throw new CeremonyError(code, e && e.message);
  }
}

async function createPasskey(optionsPath, verifyPath, optionsBody, name) {
  const options = await call('POST', optionsPath, optionsBody);
  if (options.status !== 200) throw refused(options);
  const credential = await browserCall(() => navigator.credentials.create({ publicKey: creationOptions(options.body) }));
  const verified = await call('POST', verifyPath, { credential: forServer(credential), name });
  if (verified.status !== 201) throw refused(verified);
  return { body: verified.body, credentialId: credential.id, prf: prfOf(credential) };
}

/** Register a new account with a new passkey: {account, credentialId, prf}. */
export async function register(displayName, passkeyName) {
  const r = await createPasskey('/api/v1/account/register/options', '/api/v1/account/register/verify', { display_name: displayName }, passkeyName);
  return { account: r.body, credentialId: r.credentialId, prf: r.prf };
}

/** Add a passkey to the signed-in account: {passkey, credentialId, prf}. */
export async function addPasskey(passkeyName) {
  const r = await createPasskey('/api/v1/account/passkeys/options', '/api/v1/account/passkeys', undefined, passkeyName);
  return { passkey: r.body, credentialId: r.credentialId, prf: r.prf };
}

/** Sign in with a discoverable passkey (no user name): {account, credentialId, prf}. */
export async function signIn() {
  const options = await call('POST', '/api/v1/account/signin/options');
  if (options.status !== 200) throw refused(options);
  const credential = await browserCall(() => navigator.credentials.get({ publicKey: requestOptions(options.body) }));
  const verified = await call('POST', '/api/v1/account/signin/verify', { credential: forServer(credential) });
  if (verified.status !== 200) throw refused(verified);
  return { account: verified.body, credentialId: credential.id, prf: prfOf(credential) };
}

export async function removePasskey(id) {
  const r = await call('DELETE', `/api/v1/account/passkeys/${encodeURIComponent(id)}`);
  if (r.status !== 204) throw refused(r);
}

export async function signOut() {
  const r = await call('POST', '/api/v1/account/signout');
  csrf = null;
  if (r.status !== 204 && r.status !== 401) throw refused(r);
}

// ---- Backup and sync ----

/** GET /api/v1/backup → {status, body}: 200 with {version, ciphertext, keys, …}, 404 none, 401 signed out. */
export const getBackup = () => call('GET', '/api/v1/backup');

/** PUT /api/v1/backup replacing `version` → {status, body}: 200 {version}, 412 {version: current}. */
export const putBackup = (version, ciphertext, keys) =>
  call('PUT', '/api/v1/backup', { ciphertext, keys }, { 'If-Match': `"${version}"` });

export const pullSync = (cursor) => call('GET', `/api/v1/sync?since=${encodeURIComponent(cursor)}&limit=500`);
export const pushSync = (items) => call('POST', '/api/v1/sync', { items });
