// What a piece of text the learner pasted or scanned is, and where it goes.
// Pure functions (no DOM, no network).
//   {kind: 'offer', query}   an OpenID4VCI credential offer; `query` holds credential_offer or
//                            credential_offer_uri (the app route is `#/offer?<query>`)
//   {kind: 'present', query} an OpenID4VP presentation request (openid4vp:// or an https link
//                            carrying client_id with request, request_uri or dcql_query); the app
//                            route is `#/present?<query>`
//   {kind: 'url', url}       a web address: a hosted Open Badges 2.0 assertion, fetched by the server
//   {kind: 'text', text}     anything else: a credential as text (JSON, JWT, SD-JWT)

const OFFER_SCHEME = /^openid-credential-offer:/i;
const OFFER_PARAMS = ['credential_offer', 'credential_offer_uri'];
const VP_SCHEME = /^(openid4vp|haip|mdoc-openid4vp|eudi-openid4vp):/i;

/** The query of an OpenID4VP request in a URL's query or hash route, or null. */
function presentQuery(url) {
  const hash = url.hash.indexOf('?');
  for (const query of [url.search.slice(1), hash >= 0 ? url.hash.slice(hash + 1) : '']) {
    const params = new URLSearchParams(query);
    if (params.has('client_id') && (params.has('request') || params.has('request_uri') || params.has('dcql_query'))) return query;
  }
  return null;
}

/** The offer parameters in a URL's query or in its hash route (`…/#/offer?credential_offer=…`), or null. */
function offerParams(url) {
  const hash = url.hash.indexOf('?');
  for (const query of [url.search.slice(1), hash >= 0 ? url.hash.slice(hash + 1) : '']) {
    const params = new URLSearchParams(query);
    if (OFFER_PARAMS.some((k) => params.has(k))) return params;
  }
  return null;
}

function offerQuery(params) {
  const out = new URLSearchParams();
  for (const k of OFFER_PARAMS) if (params.has(k)) out.set(k, params.get(k));
  return out.toString();
}

/** A credential offer given as a JSON object (rare, but some issuers show it so). */
function isOfferObject(text) {
  try {
    const doc = JSON.parse(text);
    return Boolean(doc && typeof doc === 'object' && doc.credential_issuer && doc.grants);
  } catch {
    return false;
  }
}

export function classify(raw) {
  const text = String(raw || '').trim();
  if (OFFER_SCHEME.test(text)) {
    const q = text.indexOf('?');
    return { kind: 'offer', query: offerQuery(new URLSearchParams(q >= 0 ? text.slice(q + 1) : '')) };
  }
  if (VP_SCHEME.test(text)) {
    const q = text.indexOf('?');
    return { kind: 'present', query: q >= 0 ? text.slice(q + 1) : '' };
  }
  if (/^https?:\/\/\S+$/i.test(text)) {
    let url = null;
    try {
      url = new URL(text);
    } catch {
      return { kind: 'text', text };
    }
    const params = offerParams(url);
    if (params) return { kind: 'offer', query: offerQuery(params) };
    const vp = presentQuery(url);
    if (vp !== null) return { kind: 'present', query: vp };
    return { kind: 'url', url: text };
  }
  if (text.startsWith('{') && isOfferObject(text)) {
    return { kind: 'offer', query: new URLSearchParams({ credential_offer: text }).toString() };
  }
  return { kind: 'text', text };
}
