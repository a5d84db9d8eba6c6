// The only module that knows the IndexedDB database: its name, version and upgrades.
//   wallet       out-of-line keys; one record under "self": {did, publicKey, privateKey, createdAt}
//   credentials  keyPath "id": {id, credential, verdict, importedAt}
const DB_NAME = 'satchel';
const DB_VERSION = 1;
const WALLET = 'wallet';
const CREDENTIALS = 'credentials';
const SELF = 'self';

const UPGRADES = [
  // v0 → v1
  (db) => {
    db.createObjectStore(WALLET);
    const creds = db.createObjectStore(CREDENTIALS, { keyPath: 'id' });
    creds.createIndex('importedAt', 'importedAt');
  },
];

let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = (e) => {
        for (let v = e.oldVersion; v < DB_VERSION; v++) UPGRADES[v](req.result);
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
    t.oncomplete = () => resolve(req && req.result);
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
export const addCredential = (record) => tx(CREDENTIALS, 'readwrite', (s) => s.add(record));
