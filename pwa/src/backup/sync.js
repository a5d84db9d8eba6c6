// Per-item sync: pull, merge, push (see docs/api.md#sync and pwa/README.md for the merge rules).
import { applySynced, getSyncState, putSyncState, readWhole } from '../db.js';
import { newId } from '../wallet/importer.js';
import * as c from './crypto.js';
import { BackupError, loadKeys, signedOutNow } from './keys.js';
import * as api from './server.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

const SYNCED = ['credentials', 'shares'];
const hashOf = (record) => c.sha256(JSON.stringify(record));

async function localIndex(raw) {
  const whole = await readWhole();
  const index = new Map();
  for (const store of SYNCED) {
    for (const record of whole[store]) {
      const id = await c.itemIdFor(raw, store, record.id);
      index.set(id, { store, key: record.id, record, hash: await hashOf(record) });
    }
  }
  return index;
}

const checkedAt = (r) => (r && r.verdict && r.verdict.checked_at) || '';

/**
 * Merge one server item into the plan. Rules (never drop a change silently):
 * - unchanged here since the last sync → take the server's version (edit or delete);
 * - deleted there, edited here → the edit wins (pushed again over the tombstone);
 * - deleted here, edited there → the edit wins (the record comes back);
 * - edited on both: a credential with the same text keeps the newer verdict; different
 *   texts are kept as two records; a share record keeps a revocation, else the server's,
 *   and the other copy is kept in the sync store ("kept").
 */
async function mergeRemote(item, raw, index, items, changes, kept) {
  const known = items[item.id];
  if (known && known.version >= item.version) return;
  const local = index.get(item.id);
  const unchangedHere = local && known && !known.deleted && local.hash === known.hash;
  if (item.deleted) {
    if (unchangedHere) {
      changes.push({ store: local.store, key: local.key, record: null });
      index.delete(item.id);
    }
    items[item.id] = { store: local && local.store, key: local && local.key, version: item.version, deleted: true };
    return;
  }
  let plain;
  try {
    plain = JSON.parse(dec.decode(await c.unpack(await c.unseal(raw, item.ciphertext, item.id))));
  } catch {
    items[item.id] = { version: item.version, unreadable: true };
    return;
  }
  if (!SYNCED.includes(plain.store) || !plain.record || plain.record.id !== plain.key) return;
  const remoteHash = await hashOf(plain.record);
  const take = () => {
    changes.push({ store: plain.store, key: plain.key, record: plain.record });
    index.set(item.id, { store: plain.store, key: plain.key, record: plain.record, hash: remoteHash });
    items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash };
  };
  if (!local) {
    // The same credential held under another id (imported on both devices): keep ours only.
    const twin = plain.store === 'credentials' && [...index.values()].find((l) => l.store === 'credentials' && l.record.fingerprint === plain.record.fingerprint && l.record.credential === plain.record.credential);
    if (twin) items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash, alias: twin.key };
    else take();
    return;
  }
  if (local.hash === remoteHash || unchangedHere) return take();
  // Changed on both sides.
  items[item.id] = { store: plain.store, key: plain.key, version: item.version, hash: remoteHash };
  if (plain.store === 'credentials') {
    if (local.record.credential === plain.record.credential) {
      if (checkedAt(plain.record) > checkedAt(local.record)) take();
      // else: ours is newer and is pushed over version item.version
    } else {
      const copy = { ...local.record, id: newId() };
      changes.push({ store: 'credentials', key: copy.id, record: copy });
      take();
    }
  } else if (local.record.revoked && !plain.record.revoked) {
    // ours is pushed over the server's version
  } else {
    kept.push({ store: local.store, record: local.record, at: new Date().toISOString() });
    take();
  }
}

async function saveRound(changes, items, kept, cursor) {
  await applySynced(changes, items);
  if (kept.length) await putSyncState('kept', [...((await getSyncState('kept')) || []), ...kept]);
  if (cursor != null) await putSyncState('sync', { cursor, at: new Date().toISOString() });
}

async function pull(raw) {
  let cursor = ((await getSyncState('sync')) || {}).cursor || '0';
  for (let page = 0; page < 100; page++) {
    const r = await api.pullSync(cursor);
    if (r.status !== 200) throw new BackupError(r.status === 0 ? 'offline' : r.status === 401 ? 'signed_out' : 'server');
    const items = (await getSyncState('items')) || {};
    const index = await localIndex(raw);
    const changes = [];
    const kept = [];
    for (const item of r.body.items) await mergeRemote(item, raw, index, items, changes, kept);
    await saveRound(changes, items, kept, r.body.cursor);
    cursor = r.body.cursor;
    if (!r.body.more) break;
  }
}

async function push(raw) {
  for (let round = 0; round < 3; round++) {
    const items = (await getSyncState('items')) || {};
    const index = await localIndex(raw);
    const out = [];
    for (const [id, local] of index) {
      const known = items[id];
      if (known && !known.deleted && !known.unreadable && known.hash === local.hash) continue;
      const plain = await c.pack(enc.encode(JSON.stringify({ store: local.store, key: local.key, record: local.record })));
      out.push({ id, base_version: (known && known.version) || 0, ciphertext: await c.seal(raw, plain, id), local });
    }
    for (const [id, known] of Object.entries(items)) {
      if (!index.has(id) && !known.deleted && !known.unreadable && !known.alias && known.version) {
        out.push({ id, base_version: known.version, deleted: true });
      }
    }
    if (!out.length) return;
    const changes = [];
    const kept = [];
    for (let i = 0; i < out.length; i += 500) {
      const batch = out.slice(i, i + 500);
      const r = await api.pushSync(batch.map(({ local, ...item }) => item));
      if (r.status !== 200) throw new BackupError(r.status === 0 ? 'offline' : r.status === 401 ? 'signed_out' : 'server');
      for (const [j, res] of r.body.results.entries()) {
        const sent = batch[j];
        if (res.status === 'accepted') {
          items[res.id] = sent.deleted
            ? { version: res.version, deleted: true }
            : { store: sent.local.store, key: sent.local.key, version: res.version, hash: sent.local.hash };
        } else if (res.current) {
          await mergeRemote(res.current, raw, index, items, changes, kept);
        } else delete items[res.id]; // the server has no such item: send it again as new
      }
    }
    await saveRound(changes, items, kept, null);
  }
}

/** Pull, push, pull: both sides' changes end up on both. */
export async function sync() {
  const keys = await loadKeys();
  const account = await getSyncState('account');
  if (!keys || !account || !account.signedIn) return false;
  try {
    await pull(keys.raw);
    await push(keys.raw);
    await pull(keys.raw);
  } catch (e) {
    if (e.code === 'signed_out') await signedOutNow();
    throw e;
  }
  return true;
}
