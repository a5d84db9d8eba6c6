// A view loaded the first time it is shown (its own chunk, precached for offline use).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.js';

export function lazy(load) {
  let Comp = null;
  let loading = null;
  return function Lazy(props) {
    const [, setReady] = useState(Boolean(Comp));
    useEffect(() => {
      if (Comp) return undefined;
      let live = true;
      loading ||= load().then((c) => (Comp = c));
      loading.then(() => live && setReady(true));
      return () => (live = false);
    }, []);
    return Comp ? <Comp {...props} /> : <p class="hint" aria-busy="true">{t('app.loading')}</p>;
  };
}
