// Hash routes keep every screen inside the one precached page:
//   #/                   the wallet
//   #/credential/<id>    one credential
//   #/passport           the skills passport: skills across all credentials, pathways, printing
//   #/skills             the same (its older address)
//   #/experience         add a self-asserted entry
//   #/experience/<id>    edit one (only self-asserted entries)
//   #/settings           language, storage
//   #/scan               scan a QR code (camera, or a picked image)
//   #/pathways           progress along the issuer's pathways
//   #/share              share credentials: a link, or a QR code in person
//   #/shares             my share links (views, revoke)
//   #/verify             verifier mode: check someone's credentials (no wallet needed)
//   #/account            account (passkeys), encrypted backup, wallet file
//   #/record             export the learner's record: a verifiable record file (LER), a JSON Resume
//   #/restore            (welcome screen) restore a wallet from the account's backup or a file
//   #/offer?credential_offer=…  (or credential_offer_uri=…) receive an OpenID4VCI credential offer:
//                        the https app link for offers; the fragment never reaches a server
//   #/present?client_id=…&…  answer an OpenID4VP 1.0 presentation request (a scanned or pasted
//                        openid4vp:// link, or this https app link)
import { useEffect, useState } from 'preact/hooks';

const PAGES = new Set(['passport', 'skills', 'settings', 'experience', 'scan', 'pathways', 'share', 'shares', 'verify', 'account', 'restore', 'record']);

function parse() {
  const m = /^#\/credential\/([\w-]+)$/.exec(location.hash);
  if (m) return { page: 'credential', credentialId: m[1] };
  const e = /^#\/experience\/([\w-]+)$/.exec(location.hash);
  if (e) return { page: 'experience', credentialId: e[1] };
  const o = /^#\/offer\?(.*)$/s.exec(location.hash);
  if (o) return { page: 'offer', query: o[1], credentialId: null };
  const v = /^#\/present\?(.*)$/s.exec(location.hash);
  if (v) return { page: 'present', query: v[1], credentialId: null };
  const p = /^#\/(\w+)$/.exec(location.hash);
  return { page: p && PAGES.has(p[1]) ? p[1] : 'home', credentialId: null };
}

export function useHashRoute() {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const onChange = () => setRoute(parse());
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

let cameFromList = false;
let lastOpened = null;

export function takeLastOpened() {
  const id = lastOpened;
  lastOpened = null;
  return id;
}

export function openCredential(id) {
  cameFromList = true;
  lastOpened = id;
  location.hash = `#/credential/${id}`;
}

let cameFromDetail = false;

/** Edit a self-asserted entry from its detail screen. */
export function openEditor(id) {
  cameFromDetail = true;
  location.hash = `#/experience/${id}`;
}

/** Back to the entry's detail: pop the editor's history entry, or replace it after a deep link. */
export function leaveEditor(id) {
  if (cameFromDetail) {
    cameFromDetail = false;
    history.back();
  } else {
    location.replace(`#/credential/${id}`);
  }
}

/** Back to the list: pop the history entry we pushed, or replace it after a deep link. */
export function backToList() {
  if (cameFromList) {
    cameFromList = false;
    history.back();
  } else {
    location.replace('#/');
  }
}

/** Leave a screen that no longer has anything to show (e.g. after deleting), without a history entry. */
export function replaceWithList() {
  cameFromList = false;
  location.replace('#/');
}

/** Show a credential that was just added, with the list (not the screen it came from) behind it. */
export function showAdded(id) {
  history.replaceState(null, '', '#/');
  openCredential(id);
}
