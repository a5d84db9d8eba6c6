// The only module that knows the IndexedDB database: its name, version and upgrades.
//   wallet       out-of-line keys; one record under "self": {did, publicKey, privateKey, createdAt,
//                p256?: {did, publicJwk, privateKey (not extractable), createdAt}}
//   credentials  keyPath "id": {id, credential, verdict, importedAt, fingerprint, credentialId?, selfAsserted?}
//                indexes: importedAt, fingerprint (hash of the credential text), credentialId (the credential's own id)
//   queue        keyPath "id": {id, bytes: ArrayBuffer, name, type, queuedAt, state: 'waiting'|'running'|'failed'|'duplicate', error?}
//                ('duplicate': it was already in the wallet; kept, without bytes, until dismissed: {existingName})
//                imports made offline, verified when the network returns; credential offers
//                carry {kind: 'offer', offer: text, txCode?} instead of bytes; credentials the issuer
//                is still preparing (deferred issuance) {kind: 'deferred', pending: {transactionId,
//                endpoint, accessToken, interval, issuer}, nextPollAt}
//   cache        out-of-line keys; what the app last fetched, for offline use:
//                "pathways": {pathways, achievements, fetchedAt}
//   shares       keyPath "id": the learner's share links {id, url, label, expiresAt, createdAt, revoked?}
//                plus one record under id "manage-secret" holding the device's share-management secret
//   sync         out-of-line keys: backup and sync state (account, per-item versions, cursor, key slots)
import { credentialIdOf, fingerprintOf, sameContent } from './wallet/identity.js';

const DB_NAME = 'satchel';
const DB_VERSION = 4;
const WALLET = 'wallet';
const CREDENTIALS = 'credentials';
const QUEUE = 'queue';
const CACHE = 'cache';
const SHARES = 'shares';
const SYNC = 'sync';
const SELF = 'self';

const UPGRADES = [
  // v0 → v1
  (db) => {
    db.createObjectStore(WALLET);
    const creds = db.createObjectStore(CREDENTIALS, { keyPath: 'id' });
    creds.createIndex('importedAt', 'importedAt');
  },
  // v1 → v2: duplicate detection and the offline import queue
  (db, t) => {
    const creds = t.objectStore(CREDENTIALS);
    creds.createIndex('fingerprint', 'fingerprint');
    creds.createIndex('credentialId', 'credentialId');
    creds.openCursor().onsuccess = (e) => {
      const cursor = e.target.result;
      if (!cursor) return;
      const r = cursor.value;
      r.fingerprint = fingerprintOf(r.credential);
      const cid = credentialIdOf(r.credential);
      if (cid) r.credentialId = cid;
      cursor.update(r);
      cursor.continue();
    };
    db.createObjectStore(QUEUE, { keyPath: 'id' }).createIndex('queuedAt', 'queuedAt');
  },
  // v2 → v3: the last fetched pathways (and anything else shown offline from the network)
  (db) => {
    db.createObjectStore(CACHE);
  },
  // v3 → v4: share links (selective disclosure) and backup/sync state
  (db) => {
    db.createObjectStore(SHARES, { keyPath: 'id' });
    db.createObjectStore(SYNC);
  },
];

let opening = null;

// Listeners told the name of a store after each committed write (the automatic backup uses this).
const listeners = new Set();
/** Call `fn(storeName)` after every committed write made through this module; returns an unsubscribe. */
export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
function changed(name) {
  for (const fn of listeners) fn(name);
}

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = (e) => {
        for (let v = e.oldVersion; v < DB_VERSION; v++) UPGRADES[v](req.result, req.transaction);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab is upgrading: let it, and reopen on next use.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      req.onerror = () => {
        opening = null;
        reject(req.error);
      };
      req.onblocked = () => reject(new Error('database upgrade blocked by another tab'));
    });
  }
  return opening;
}

/** Run `fn(store)` in one transaction; resolves with fn's request result once committed. */
async function tx(name, mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(name, mode, { durability: 'strict' });
    const req = fn(t.objectStore(name));
    t.oncomplete = () => {
      resolve(req && req.result);
      if (mode === 'readwrite') changed(name);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

export const getWallet = () => tx(WALLET, 'readonly', (s) => s.get(SELF));
export const saveWallet = (wallet) => tx(WALLET, 'readwrite', (s) => s.put(wallet, SELF));

/** All credentials, newest import first. */
export async function listCredentials() {
  const all = await tx(CREDENTIALS, 'readonly', (s) => s.index('importedAt').getAll());
  return all.reverse();
}
export const getCredential = (id) => tx(CREDENTIALS, 'readonly', (s) => s.get(id));
export const deleteCredential = (id) => tx(CREDENTIALS, 'readwrite', (s) => s.delete(id));
export const putCredential = (record) => tx(CREDENTIALS, 'readwrite', (s) => s.put(withKeys(record)));

function withKeys(record) {
  const r = { ...record, fingerprint: fingerprintOf(record.credential) };
  const cid = credentialIdOf(record.credential);
  if (cid) r.credentialId = cid;
  else delete r.credentialId;
  return r;
}

/**
 * Add a credential unless the wallet already holds the same credential text or a
 * credential with the same id. Checked and written in one transaction, so two
 * imports of the same credential can never both be stored.
 * Resolves with {added: true, record} or {added: false, existing}.
 */
export async function addCredential(record) {
  const db = await open();
  const r = withKeys(record);
  return new Promise((resolve, reject) => {
    const t = db.transaction(CREDENTIALS, 'readwrite', { durability: 'strict' });
    const s = t.objectStore(CREDENTIALS);
    let outcome = null;
    const byText = s.index('fingerprint').getAll(r.fingerprint);
    byText.onsuccess = () => {
      const same = byText.result.find((x) => x.credential === r.credential);
      if (same) {
        outcome = { added: false, existing: same };
        return;
      }
      if (!r.credentialId) {
        s.add(r);
        outcome = { added: true, record: r };
        return;
      }
      const byId = s.index('credentialId').getAll(r.credentialId);
      byId.onsuccess = () => {
        const same = byId.result.find((x) => sameContent(x.credential, r.credential));
        if (same) outcome = { added: false, existing: same };
        else {
          // Another version under the same id (expired, re-issued, changed): kept, and said so.
          s.add(r);
          outcome = { added: true, record: r, otherVersion: byId.result[0] || null };
        }
      };
    };
    t.oncomplete = () => {
      resolve(outcome);
      if (outcome && outcome.added) changed(CREDENTIALS);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

/** The offline import queue, oldest first. */
export const listQueue = () => tx(QUEUE, 'readonly', (s) => s.index('queuedAt').getAll());
export const putQueued = (item) => tx(QUEUE, 'readwrite', (s) => s.put(item));
export const removeQueued = (id) => tx(QUEUE, 'readwrite', (s) => s.delete(id));

/**
 * Take a waiting queue item for processing (state 'running'), so that the page and the
 * service worker never run the same item twice (an offer's code works only once).
 * An item left 'running' for `staleMs` (a closed tab) can be taken again.
 * Resolves with the claimed item, or null when it is gone, failed or taken.
 */
export async function claimQueued(id, staleMs = 2 * 60 * 1000) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(QUEUE, 'readwrite', { durability: 'strict' });
    const s = t.objectStore(QUEUE);
    let claimed = null;
    const req = s.get(id);
    req.onsuccess = () => {
      const item = req.result;
      const stale = item && item.state === 'running' && Date.now() - (item.runningSince || 0) > staleMs;
      if (item && (item.state === 'waiting' || stale)) {
        claimed = { ...item, state: 'running', runningSince: Date.now() };
        s.put(claimed);
      }
    };
    t.oncomplete = () => resolve(claimed);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

/** The last fetched copy of something from the network (e.g. "pathways"), or undefined. */
export const getCached = (key) => tx(CACHE, 'readonly', (s) => s.get(key));
export const putCached = (key, value) => tx(CACHE, 'readwrite', (s) => s.put(value, key));

// ---- Backup and sync state (store "sync", out-of-line keys) ----
//   "account"  {id, displayName, signedIn, sessionPasskey}: the account this browser last signed in to
//   "keys"     {dataKey (base64url, 32 bytes), kid, slots}: the wallet's backup data key and its wrapped copies
//   "backup"   {version (highest seen), at, hash, rollback?}: last backup and rollback protection
//   "sync"     {cursor, at}
//   "items"    {<item id>: {store, key, version, hash}}: per-item sync versions
export const getSyncState = (key) => tx(SYNC, 'readonly', (s) => s.get(key));
export const putSyncState = (key, value) => tx(SYNC, 'readwrite', (s) => s.put(value, key));
export const deleteSyncState = (key) => tx(SYNC, 'readwrite', (s) => s.delete(key));

const WHOLE = [WALLET, CREDENTIALS, SHARES, QUEUE];

/** Everything a backup carries, read in one transaction: {wallet, credentials, shares, queue}. */
export async function readWhole() {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(WHOLE, 'readonly');
    const out = {};
    const w = t.objectStore(WALLET).get(SELF);
    w.onsuccess = () => (out.wallet = w.result || null);
    for (const name of [CREDENTIALS, SHARES, QUEUE]) {
      const r = t.objectStore(name).getAll();
      r.onsuccess = () => (out[name] = r.result);
    }
    t.oncomplete = () => resolve(out);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

/**
 * Replace the whole wallet (restore): wallet, credentials, shares and queue are cleared and
 * written, and `syncEntries` ({key: value}) put into the sync store, all in ONE transaction:
 * either everything is written or nothing is.
 */
export async function replaceWhole({ wallet, credentials, shares, queue }, syncEntries = {}) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction([...WHOLE, SYNC], 'readwrite', { durability: 'strict' });
    for (const name of WHOLE) t.objectStore(name).clear();
    t.objectStore(SYNC).clear();
    t.objectStore(WALLET).put(wallet, SELF);
    for (const r of credentials) t.objectStore(CREDENTIALS).put(withKeys(r));
    for (const r of shares) t.objectStore(SHARES).put(r);
    for (const r of queue) t.objectStore(QUEUE).put(r);
    for (const [k, v] of Object.entries(syncEntries)) t.objectStore(SYNC).put(v, k);
    t.oncomplete = () => {
      resolve();
      changed(WALLET);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

/**
 * Apply synced changes in one transaction: `changes` is [{store: 'credentials'|'shares', key,
 * record | null}] (null deletes), and `items` (the per-item sync versions) is saved with them.
 */
export async function applySynced(changes, items) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction([CREDENTIALS, SHARES, SYNC], 'readwrite', { durability: 'strict' });
    for (const c of changes) {
      const s = t.objectStore(c.store);
      if (c.record) s.put(c.store === CREDENTIALS ? withKeys(c.record) : c.record);
      else s.delete(c.key);
    }
    t.objectStore(SYNC).put(items, 'items');
    t.oncomplete = () => {
      resolve();
      if (changes.length) changed(CREDENTIALS);
    };
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

// ---- shares: the learner's share links and the device's manage secret ----------------------
const MANAGE_SECRET = 'manage-secret';

/**
 * The device's share-management secret (32 random bytes, base64url): made once, then kept.
 * Written with add() so that two tabs can never keep two different secrets.
 */
export async function getManageSecret() {
  const found = await tx(SHARES, 'readonly', (s) => s.get(MANAGE_SECRET));
  if (found) return found.secret;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  try {
    await tx(SHARES, 'readwrite', (s) => s.add({ id: MANAGE_SECRET, secret, createdAt: new Date().toISOString() }));
    return secret;
  } catch {
    return (await tx(SHARES, 'readonly', (s) => s.get(MANAGE_SECRET))).secret;
  }
}

/** The learner's shares, newest first: {id, url, label, expiresAt, createdAt, credentials, server?, fetchedAt?}. */
export async function listSharesStored() {
  const all = await tx(SHARES, 'readonly', (s) => s.getAll());
  return all.filter((r) => r.id !== MANAGE_SECRET).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
}
export const putShare = (share) => tx(SHARES, 'readwrite', (s) => s.put(share));
