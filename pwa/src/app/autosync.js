// Automatic backup and sync: after a change to the wallet (debounced), on open and when the
// network returns, if this browser is signed in to an account with backup set up. The
// backup code itself (crypto, API) is a lazily loaded chunk, fetched only then.
import { getSyncState, onChange } from '../db.js';

const DEBOUNCE_MS = 2000;
const WALLET_STORES = new Set(['wallet', 'credentials', 'shares']);

/** Start watching; `onSynced()` is called after a run (to reload lists). Returns a stop function. */
export function startAutoSync(onSynced) {
  let timer = null;
  const go = async () => {
    timer = null;
    if (navigator.onLine === false) return;
    const [account, keys] = await Promise.all([getSyncState('account'), getSyncState('keys')]).catch(() => []);
    if (!account || !account.signedIn || !keys) return;
    const { run } = await import('../backup/engine.js');
    await run().catch(() => null);
    onSynced();
  };
  const soon = (ms = DEBOUNCE_MS) => {
    clearTimeout(timer);
    timer = setTimeout(go, ms);
  };
  const stop = onChange((store) => WALLET_STORES.has(store) && soon());
  const online = () => soon(0);
  addEventListener('online', online);
  soon(0);
  return () => {
    stop();
    removeEventListener('online', online);
    clearTimeout(timer);
  };
}
