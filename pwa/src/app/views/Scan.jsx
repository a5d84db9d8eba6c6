import { t } from '../../i18n/index.js';
import { showAdded } from '../route.js';
import { ScannerPanel } from '../scan/ScannerPanel.jsx';
import { ImportNotice, useImport } from '../useImport.jsx';

export function Scan({ refresh, announce, lang }) {
  const { busy, notice, runText } = useImport({ refresh, announce, lang, onAdded: (r) => showAdded(r.id) });
  return (
    <section data-testid="scan" aria-labelledby="scan-title">
      <h1 id="scan-title">{t('scan.title')}</h1>
      <p class="hint">{t('scan.intro')}</p>
      <ScannerPanel onText={runText} busy={busy} />
      <ImportNotice notice={notice} />
    </section>
  );
}
