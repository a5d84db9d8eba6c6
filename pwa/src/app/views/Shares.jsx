// My shares: each link's label, link expiry, state and views (GET /api/v1/shares with the
// device's manage secret), revoke with confirmation. Offline: the last known state, said so.
import { useEffect, useRef, useState } from 'preact/hooks';
import { listShares, revokeShare } from '../../api.js';
import { getManageSecret, listSharesStored, putShare } from '../../db.js';
import { formatDateTime, t } from '../../i18n/index.js';

const MAX_VIEWS_SHOWN = 5;

function stateOf(s) {
  if (s.server?.revoked || s.revokedAt) return 'revoked';
  if (s.server?.expired || Date.parse(s.expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

function ShareItem({ share, online, onRevoke }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const yes = useRef(null);
  useEffect(() => confirming && yes.current?.focus(), [confirming]);
  const state = stateOf(share);
  const server = share.server;
  const views = server?.views || [];
  const revoke = async () => {
    setBusy(true);
    await onRevoke(share);
    setBusy(false);
    setConfirming(false);
  };
  const titleId = `share-${share.id}`;
  return (
    <li class="card" data-testid="my-share" data-id={share.id} data-state={state} aria-labelledby={titleId}>
      <div class="card-body">
        <h2 class="card-title" id={titleId} dir="auto">
          {share.label || t('share.list.noLabel')}
        </h2>
        <p>
          <span class={`badge share-${state}`} data-testid="share-state">
            {t(`share.list.state.${state}`)}
          </span>
        </p>
        <p data-testid="share-expiry">{t(state === 'expired' ? 'share.list.expiredOn' : 'share.list.expiresOn', { date: formatDateTime(server?.expires_at || share.expiresAt) })}</p>
        {share.credentials?.length > 0 && (
          <p class="sub" dir="auto">
            {share.credentials.map((c) => c.name).join(' · ')}
          </p>
        )}
        {server ? (
          <div data-testid="share-views" data-count={server.view_count}>
            <p>{t('share.list.views', { count: server.view_count })}</p>
            {views.length > 0 && (
              <ul class="plain">
                {views.slice(0, MAX_VIEWS_SHOWN).map((v, i) => (
                  <li key={i} data-testid="share-view">
                    {v.verifier_name ? t('share.list.viewBy', { date: formatDateTime(v.at), name: v.verifier_name }) : t('share.list.viewAt', { date: formatDateTime(v.at) })}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <p class="hint">{t('share.list.viewsUnknown')}</p>
        )}
        {share.url && state === 'active' && (
          <p class="did-value">
            <code dir="ltr" data-testid="share-link">
              {share.url}
            </code>
          </p>
        )}
        {state === 'active' &&
          (confirming ? (
            <div role="group" aria-labelledby={`${titleId}-q`} class="confirm">
              <p id={`${titleId}-q`}>{t('share.list.confirm', { label: share.label || t('share.list.noLabel') })}</p>
              <button type="button" class="danger-button" ref={yes} data-testid="confirm-revoke" onClick={revoke} disabled={busy || !online}>
                {t('share.list.yes')}
              </button>
              <button type="button" class="secondary" data-testid="cancel-revoke" onClick={() => setConfirming(false)}>
                {t('share.list.no')}
              </button>
            </div>
          ) : (
            <button type="button" class="secondary small" data-testid="revoke-share" onClick={() => setConfirming(true)} disabled={!online}>
              {t('share.list.revoke')}
            </button>
          ))}
      </div>
    </li>
  );
}

export function Shares({ lang, announce }) {
  const [shares, setShares] = useState(null);
  const [fresh, setFresh] = useState(false); // fetched from the server just now
  const [online, setOnline] = useState(navigator.onLine !== false);

  const load = async () => {
    const stored = await listSharesStored().catch(() => []);
    setShares(stored);
    setOnline(navigator.onLine !== false);
    const res = await listShares(await getManageSecret(), lang);
    if (!res.ok || !Array.isArray(res.body?.shares)) {
      setFresh(false);
      if (res.offline) setOnline(false);
      return;
    }
    const byId = new Map(stored.map((s) => [s.id, s]));
    const fetchedAt = new Date().toISOString();
    const merged = [];
    for (const server of res.body.shares) {
      const local = byId.get(server.id) || { id: server.id, label: server.label, createdAt: server.created_at, expiresAt: server.expires_at };
      const record = { ...local, label: server.label, expiresAt: server.expires_at, server, fetchedAt };
      await putShare(record).catch(() => {});
      merged.push(record);
      byId.delete(server.id);
    }
    setShares([...merged, ...byId.values()].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt))));
    setFresh(true);
    setOnline(true);
  };

  useEffect(() => {
    load();
    const on = () => load();
    const off = () => (setOnline(false), setFresh(false));
    addEventListener('online', on);
    addEventListener('offline', off);
    return () => (removeEventListener('online', on), removeEventListener('offline', off));
  }, []);

  const onRevoke = async (share) => {
    const res = await revokeShare(share.id, await getManageSecret(), lang);
    if (!res.ok) {
      announce(res.offline ? t('share.list.revokeOffline') : res.body?.message || t('import.serverError'));
      return;
    }
    const record = { ...share, server: res.body, revokedAt: res.body.revoked_at, fetchedAt: new Date().toISOString() };
    await putShare(record);
    setShares((all) => all.map((s) => (s.id === share.id ? record : s)));
    announce(t('share.list.revoked', { label: share.label || t('share.list.noLabel') }));
  };

  const lastFetched = shares?.map((s) => s.fetchedAt).filter(Boolean).sort().pop();
  return (
    <section data-testid="my-shares" aria-labelledby="shares-title">
      <h1 id="shares-title">{t('share.list.title')}</h1>
      <p class="hint">{t('share.list.intro')}</p>
      <p>
        <a href="#/share" class="button secondary" data-testid="new-share">
          {t('share.list.new')}
        </a>
      </p>
      {shares && !fresh && shares.length > 0 && (
        <p class="notice" data-testid="shares-cached" role="status">
          {lastFetched ? t('share.list.cached', { date: formatDateTime(lastFetched) }) : t('share.list.cachedNever')}
        </p>
      )}
      {shares === null ? (
        <p class="hint" aria-busy="true">
          {t('app.loading')}
        </p>
      ) : shares.length === 0 ? (
        <p class="empty">{t('share.list.empty')}</p>
      ) : (
        <ul class="cards">
          {shares.map((s) => (
            <ShareItem key={s.id} share={s} online={online} onRevoke={onRevoke} />
          ))}
        </ul>
      )}
    </section>
  );
}
