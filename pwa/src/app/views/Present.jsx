// #/present?<OpenID4VP request>: a verifier asks for credentials. Shows who asks (and what that
// rests on), exactly which claims, lets the learner pick among matching credentials, leave out
// what is optional, and answer (or decline). The protocol is in wallet/oid4vp.js (this chunk only).
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { answerable, matchQuery, pathText, RequestError, resolveRequest, sendDecline, sendResponse } from '../../wallet/oid4vp.js';
import { fieldLabel, fieldText } from '../share/fields.js';

/** The request in the route (fetched and its signature checked when signed), or {error}. */
async function readRequest(query) {
  try {
    return { request: await resolveRequest(query) };
  } catch (err) {
    return { error: err instanceof RequestError ? err : new RequestError('malformed') };
  }
}

const nameOf = (record) => record.verdict?.display?.name || t('detail.untitled');

/** The value a claim set's claim shows, from the credential's claims. */
function valueAt(claims, path) {
  let node = claims;
  for (const p of path) {
    if (p === null || node == null) break;
    node = node[p];
  }
  return fieldText(path.filter((p) => typeof p === 'string').join('.'), node);
}

function errorText(err) {
  if (err.kind === 'unreachable') return t('present.err.unreachable', { verifier: err.detail });
  if (err.kind === 'refused') return t('present.err.refused');
  if (err.kind === 'unsupported') return t('present.err.unsupported');
  if (err.kind === 'client') return t('present.err.client');
  return t('present.err.malformed');
}

export function Present({ query, credentials, announce, wallet }) {
  const [{ request, error }, setRead] = useState({});
  const [matches, setMatches] = useState(null);
  const [picks, setPicks] = useState({}); // queryId -> record id
  const [sets, setSets] = useState({}); // queryId -> claim set index
  const [include, setInclude] = useState({}); // optional queryId -> bool
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(null); // {declined?, redirect?}
  const [problem, setProblem] = useState(null);
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), [done, request, error]);
  useEffect(() => {
    readRequest(query).then(setRead);
  }, [query]);
  useEffect(() => {
    if (!request) return;
    matchQuery(request.dcql_query, credentials).then(setMatches, () => setMatches([]));
  }, [request, credentials]);

  if (!request && !error) {
    return (
      <section data-testid="present" aria-labelledby="present-title">
        <h1 id="present-title">{t('present.title')}</h1>
        <p class="hint" aria-busy="true">
          {t('present.reading')}
        </p>
      </section>
    );
  }

  if (error) {
    return (
      <section data-testid="present" aria-labelledby="present-title">
        <h1 id="present-title" tabIndex={-1} ref={heading}>
          {t('present.title')}
        </h1>
        <div role="alert" class="error" data-testid="present-error" data-kind={error.kind}>
          <p>{errorText(error)}</p>
          {error.detail && (
            <p class="reason" dir="auto">
              {error.detail}
            </p>
          )}
        </div>
        <p>
          <a href="#/">{t('detail.back')}</a>
        </p>
      </section>
    );
  }

  const { verifier } = request;
  const who = verifier.name ? t('present.named', { name: verifier.name, host: verifier.host }) : verifier.host;
  if (done) {
    return (
      <section data-testid="present" aria-labelledby="present-title">
        <h1 id="present-title" tabIndex={-1} ref={heading}>
          {t('present.title')}
        </h1>
        <p data-testid="present-done" data-declined={done.declined ? 'true' : 'false'}>
          {done.declined ? t('present.declined', { verifier: verifier.host }) : t('present.sent', { verifier: verifier.host })}
        </p>
        {done.redirect && (
          <p>
            <a href={done.redirect} rel="noopener noreferrer" data-testid="present-continue">
              {t('present.continue', { verifier: new URL(done.redirect).host })}
            </a>
          </p>
        )}
        <p>
          <a href="#/">{t('detail.back')}</a>
        </p>
      </section>
    );
  }

  const ids = matches ? answerable(matches, request.dcql_query) : null;
  const asked = matches ? matches.filter((m) => ids?.includes(m.id)) : [];
  const optional = (m) => !m.required;
  const chosen = (m) => m.candidates.find((c) => c.record.id === picks[m.id]) || m.candidates[0];

  const choices = () => {
    const out = {};
    for (const m of asked) {
      if (optional(m) && !include[m.id]) continue;
      const c = chosen(m);
      out[m.id] = [{ record: c.record, format: m.format, claimSet: c.claimSets[Math.min(sets[m.id] || 0, c.claimSets.length - 1)] }];
    }
    return out;
  };

  const answer = async (decline) => {
    setBusy(true);
    setProblem(null);
    try {
      const res = decline ? await sendDecline(request) : await sendResponse(request, choices(), wallet);
      setDone({ declined: decline, redirect: res.redirect });
      announce(decline ? t('present.declined', { verifier: verifier.host }) : t('present.sent', { verifier: verifier.host }));
    } catch (err) {
      setProblem(err instanceof RequestError ? err : new RequestError('malformed', String(err.message || err)));
    }
    setBusy(false);
  };

  return (
    <section data-testid="present" aria-labelledby="present-title">
      <h1 id="present-title" tabIndex={-1} ref={heading}>
        {t('present.title')}
      </h1>
      <div class="card-body" data-testid="present-verifier" data-prefix={verifier.prefix} data-proves={verifier.proves}>
        <p>
          <strong class="offer-from" dir="auto">{t('present.asks', { verifier: who })}</strong>
        </p>
        {verifier.did && (
          <p class="reason" data-testid="present-did">
            {verifier.did}
          </p>
        )}
        <p class="hint" data-testid="present-proves">
          {t(`present.proves.${verifier.proves}`, { host: verifier.host, did: verifier.did, dns: verifier.dns })}
        </p>
      </div>
      {!matches && (
        <p class="hint" aria-busy="true">
          {t('app.loading')}
        </p>
      )}
      {matches && !ids && (
        <div role="alert" class="notice" data-testid="present-nomatch">
          <p>{t('present.noMatch')}</p>
        </div>
      )}
      {asked.map((m) => {
        const c = chosen(m);
        const setIndex = Math.min(sets[m.id] || 0, c.claimSets.length - 1);
        const on = !optional(m) || include[m.id];
        return (
          <fieldset class="picks" data-testid="present-query" data-id={m.id} key={m.id}>
            <legend>{optional(m) ? t('present.optionalCredential') : t('present.credential')}</legend>
            {optional(m) && (
              <label class="pick">
                <input type="checkbox" data-testid="present-include" checked={Boolean(include[m.id])} onChange={(e) => setInclude({ ...include, [m.id]: e.currentTarget.checked })} />
                {t('present.include')}
              </label>
            )}
            {m.candidates.length > 1 ? (
              <div role="radiogroup" aria-label={t('present.which')}>
                {m.candidates.map((cand) => (
                  <label class="pick" key={cand.record.id}>
                    <input
                      type="radio"
                      name={`present-${m.id}`}
                      data-testid="present-candidate"
                      data-record={cand.record.id}
                      checked={cand === c}
                      disabled={!on}
                      onChange={() => setPicks({ ...picks, [m.id]: cand.record.id })}
                    />
                    <span dir="auto">{nameOf(cand.record)}</span>
                  </label>
                ))}
              </div>
            ) : (
              <p dir="auto" data-testid="present-candidate-only" data-record={c.record.id}>
                {nameOf(c.record)}
              </p>
            )}
            {c.claimSets.length > 1 && (
              <div role="radiogroup" aria-label={t('present.claimSets')}>
                {c.claimSets.map((set, i) => (
                  <label class="pick" key={i}>
                    <input type="radio" name={`present-set-${m.id}`} data-testid="present-claimset" data-index={i} checked={i === setIndex} disabled={!on} onChange={() => setSets({ ...sets, [m.id]: i })} />
                    {set.length ? set.map((cl) => fieldLabel(pathText(cl.path))).join(', ') : t('present.nothingMore')}
                  </label>
                ))}
              </div>
            )}
            {c.whole && (
              <p class="notice" data-testid="present-whole">
                {t('present.whole')}
              </p>
            )}
            <p>{t(c.whole ? 'present.claimsWhole' : 'present.claims')}</p>
            <ul>
              {c.claimSets[setIndex].map((cl) => (
                <li key={pathText(cl.path)} data-testid="present-claim" data-path={pathText(cl.path)}>
                  <strong>{fieldLabel(pathText(cl.path))}</strong>: <span dir="auto">{valueAt(c.claims, cl.path)}</span>
                </li>
              ))}
              {!c.claimSets[setIndex].length && <li>{t('present.onlyAlwaysShown')}</li>}
            </ul>
          </fieldset>
        );
      })}
      {problem && (
        <div role="alert" class="error" data-testid="present-error" data-kind={problem.kind}>
          <p>{errorText(problem)}</p>
          {problem.detail && (
            <p class="reason" dir="auto" data-testid="present-reason">
              {t('present.verifierSaid', { reason: problem.detail })}
            </p>
          )}
        </div>
      )}
      <div class="share-tools">
        {matches && ids && (
          <button type="button" class="primary" data-testid="present-send" disabled={busy} onClick={() => answer(false)}>
            {t('present.send')}
          </button>
        )}
        <button type="button" data-testid="present-decline" disabled={busy} onClick={() => answer(true)}>
          {t('present.decline')}
        </button>
      </div>
    </section>
  );
}
