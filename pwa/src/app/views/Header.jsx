import { t } from '../../i18n/index.js';

const NAV = [
  ['home', '#/', 'nav.wallet'],
  ['passport', '#/passport', 'nav.passport'],
  ['pathways', '#/pathways', 'nav.pathways'],
  ['settings', '#/settings', 'nav.settings'],
];

/** Brand and, once there is a wallet, the main sections. `page` is the current route's page. */
export function Header({ page }) {
  const current = page === 'skills' ? 'passport' : ['credential', 'experience', 'offer', 'scan', 'share', 'shares', 'verify'].includes(page) ? 'home' : page === 'account' || page === 'record' ? 'settings' : page;
  return (
    <header class="bar">
      <p class="brand">
        <img src="/icons/icon.svg" alt="" width="28" height="28" />
        <span>{t('app.name')}</span>
      </p>
      {page && (
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.map(([id, href, key]) => (
              <li key={id}>
                <a href={href} data-testid={`nav-${id}`} aria-current={current === id ? 'page' : undefined}>
                  {t(key)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </header>
  );
}
