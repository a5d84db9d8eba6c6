import { t } from '../../i18n/index.js';

export function DidCard({ did, announce }) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(did);
      announce(t('wallet.copied'));
    } catch {
      const el = document.querySelector('[data-testid="wallet-did"]');
      if (el) getSelection().selectAllChildren(el);
      announce(t('wallet.copyFailed'));
    }
  };
  return (
    <section class="did" aria-labelledby="did-label">
      <h2 id="did-label">{t('wallet.didLabel')}</h2>
      <p class="did-value">
        <code data-testid="wallet-did" dir="ltr">{did}</code>
      </p>
      <button type="button" class="secondary" onClick={copy}>
        {t('wallet.copy')}
      </button>
    </section>
  );
}
