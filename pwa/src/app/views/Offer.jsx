import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { importOffer } from '../../wallet/importer.js';
import { OfferError, offerDisplay, offerSummary, parseOfferQuery } from '../../wallet/oid4vci.js';
import { showAdded } from '../route.js';
import { requestSync } from '../useImport.jsx';

/** The offer in the route, summarised, or {error}. A by-reference offer is fetched when accepted. */
function readOffer(query) {
  try {
    const { offer, uri } = parseOfferQuery(query);
    // An offer of several forms may include an SD-JWT VC (fields shared one by one).
    if (offer) return { ...offerSummary(offer), forms: (offer.credential_configuration_ids || offer.credentials || []).length };
    return { issuer: uri, host: new URL(uri).host, txCode: null, forms: 2 };
  } catch (err) {
    return { error: err instanceof OfferError ? err.kind : 'malformed' };
  }
}

/** The refusal in plain words: ours for the OAuth code, then the issuer's own words. */
function refusal(res, host, sentCode) {
  const { code } = res;
  let detail;
  if (code === 'invalid_grant') detail = t(sentCode ? 'offer.err.invalid_grant_tx' : 'offer.err.invalid_grant');
  else if (['invalid_request', 'invalid_proof', 'invalid_token', 'malformed', 'unsupported', 'issuer_mismatch'].includes(code)) {
    detail = t(`offer.err.${code}`);
  } else if (code === 'unreachable') detail = t('offer.err.unreachable', { issuer: host });
  else if (res.kind === 'save') detail = t('import.saveFailed');
  else if (res.kind === 'offer') detail = t('offer.err.other');
  else detail = res.message || t('import.serverError');
  return { detail, reason: res.kind === 'offer' ? res.message : '' };
}

/**
 * What the issuer says about itself (its metadata's display name) and the credential; null
 * until known or when the metadata cannot be read (then the screen names the host).
 */
function useClaimedNames(query, lang, error) {
  const [claimed, setClaimed] = useState(null);
  useEffect(() => {
    if (error) return undefined;
    let live = true;
    offerDisplay(query, lang)
      .then((d) => live && setClaimed(d))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [query, lang]);
  return claimed;
}

/** The issuer as its metadata names itself, or its host "(name not given)"; the host until known. */
function IssuerNames({ host, claimed }) {
  const issuer = !claimed ? host : claimed.issuerName || t('offer.noName', { host: claimed.host });
  return (
    <>
      <p class="offer-from" data-testid="offer-issuer" data-named={claimed?.issuerName ? 'true' : 'false'} dir="auto">
        {t('offer.from', { issuer })}
      </p>
      {claimed?.issuerName && (
        <p class="hint" data-testid="offer-name-claimed">
          {t('offer.nameClaimed', { host: claimed.host })}
        </p>
      )}
      {claimed?.credentialName && (
        <p class="offer-from" data-testid="offer-credential" dir="auto">
          {t('offer.credential', { name: claimed.credentialName })}
        </p>
      )}
    </>
  );
}

export function Offer({ query, refresh, announce, lang }) {
  const [summary] = useState(() => readOffer(query));
  const claimed = useClaimedNames(query, lang, summary.error);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [both, setBoth] = useState(false);
  const [problem, setProblem] = useState(null); // {detail, reason, duplicate?}
  const codeInput = useRef(null);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);

  if (summary.error) {
    return (
      <section data-testid="offer" aria-labelledby="offer-title">
        <h1 id="offer-title">{t('offer.title')}</h1>
        <div role="alert" class="error" data-testid="offer-error">
          <p>{t('offer.invalidLink')}</p>
        </div>
        <p>
          <a href="#/">{t('detail.back')}</a>
        </p>
      </section>
    );
  }

  const { host, txCode } = summary;
  const accept = async (e) => {
    e.preventDefault();
    const tx = code.trim();
    if (txCode && !tx) {
      setProblem({ detail: t('offer.txNeeded') });
      codeInput.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    announce(t('offer.receiving', { issuer: host }));
    const res = await importOffer(query, { txCode: tx || null, name: t('offer.name', { issuer: host }), lang, both });
    setBusy(false);
    if (res.status === 'added') {
      await refresh();
      announce(t('import.added', { name: res.record.verdict.display?.name || t('detail.untitled') }));
      showAdded(res.record.id);
    } else if (res.status === 'deferred') {
      await refresh();
      announce(t('offer.deferred', { issuer: host }));
      location.replace('#/');
    } else if (res.status === 'queued') {
      await refresh();
      announce(t('offer.queued', { issuer: host }));
      requestSync();
      location.replace('#/');
    } else if (res.status === 'duplicate') {
      announce('');
      const name = res.existing.verdict?.display?.name || t('detail.untitled');
      setProblem({ title: t('import.duplicate', { name }), detail: t('import.duplicateDetail'), duplicate: true });
    } else {
      announce('');
      setProblem(refusal(res, host, Boolean(tx)));
      if (txCode && res.code === 'invalid_grant') codeInput.current?.select();
    }
  };

  return (
    <section data-testid="offer" aria-labelledby="offer-title">
      <h1 id="offer-title" tabIndex={-1} ref={heading}>
        {t('offer.title')}
      </h1>
      <IssuerNames host={host} claimed={claimed} />
      <p class="hint">{t('offer.intro')}</p>
      <form onSubmit={accept}>
        {txCode && (
          <p class="field">
            <label for="offer-tx-code">{t('offer.txLabel')}</label>
            <input
              id="offer-tx-code"
              ref={codeInput}
              data-testid="offer-tx-code"
              dir="ltr"
              autocomplete="one-time-code"
              inputMode={txCode.numeric ? 'numeric' : 'text'}
              pattern={txCode.numeric ? '[0-9]*' : undefined}
              maxLength={txCode.length || undefined}
              aria-describedby="offer-tx-hint"
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
            <span id="offer-tx-hint" class="hint">
              {txCode.length ? t('offer.txHintLength', { length: txCode.length }) : t('offer.txHint')}
            </span>
          </p>
        )}
        {summary.forms > 1 && (
          <p class="field">
            <label class="pick">
              <input type="checkbox" data-testid="offer-both" checked={both} onChange={(e) => setBoth(e.currentTarget.checked)} />
              <span>
                <span class="pick-name">{t('share.offerBoth')}</span>
                <span class="sub">{t('share.offerBothHint')}</span>
              </span>
            </label>
          </p>
        )}
        <div class="confirm">
          <button type="submit" class="primary" data-testid="offer-accept" disabled={busy} aria-busy={busy ? 'true' : 'false'}>
            {t('offer.accept')}
          </button>
          <a href="#/" class="button secondary" data-testid="offer-cancel" onClick={(e) => (e.preventDefault(), location.replace('#/'))}>
            {t('offer.cancel')}
          </a>
        </div>
      </form>
      {problem && (
        <div role="alert" class={problem.duplicate ? 'notice' : 'error'} data-testid={problem.duplicate ? 'import-duplicate' : 'offer-error'}>
          <p>
            <strong>{problem.title || t('offer.failed')}</strong>
          </p>
          <p>{problem.detail}</p>
          {problem.reason && (
            <p class="reason" dir="auto" data-testid="offer-reason">
              {t('issuer.said', { reason: problem.reason })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
