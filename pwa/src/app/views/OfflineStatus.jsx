import { t } from '../../i18n/index.js';
import { useOnline } from '../online.js';

// One app-wide line while the browser is offline, on every screen: what still works
// (everything held here) and what waits for the network. It goes when the network returns.
export function OfflineStatus() {
  if (useOnline()) return null;
  return (
    <p class="notice" role="status" data-testid="offline-status">
      {t('app.offline')}
    </p>
  );
}
