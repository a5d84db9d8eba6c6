// Hash routes keep every screen inside the one precached page:
//   #/                   the wallet
//   #/credential/<id>    one credential
import { useEffect, useState } from 'preact/hooks';

function parse() {
  const m = /^#\/credential\/([\w-]+)$/.exec(location.hash);
  return { credentialId: m ? m[1] : null };
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

/** Back to the list: pop the history entry we pushed, or replace it after a deep link. */
export function backToList() {
  if (cameFromList) {
    cameFromList = false;
    history.back();
  } else {
    location.replace('#/');
  }
}
