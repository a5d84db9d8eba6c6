import { formatDate, t } from '../../i18n/index.js';
import { useEffect } from 'preact/hooks';
import { openCredential, takeLastOpened } from '../route.js';
import { ResultBadge } from './ResultBadge.jsx';

function Card({ record }) {
  const { display = {}, issuer = {}, result } = record.verdict;
  const issuerName = display.issuer_name || issuer.name || issuer.id || t('detail.unknown');
  const open = (e) => {
    e.preventDefault();
    openCredential(record.id);
  };
  return (
    <li class="card" data-testid="credential-card" data-id={record.id}>
      <a href={`#/credential/${record.id}`} onClick={open}>
        <h3 class="card-title" dir="auto">
          {display.name || t('detail.untitled')}
        </h3>
        <p class="card-issuer" dir="auto">
          {t('card.issuedBy', { issuer: issuerName })}
        </p>
        {display.issued && <p class="card-date">{t('card.issuedOn', { date: formatDate(display.issued) })}</p>}
        <ResultBadge result={result} />
      </a>
    </li>
  );
}

export function CredentialList({ credentials }) {
  // Coming back from a detail view: put focus back on the card that was opened.
  useEffect(() => {
    const id = takeLastOpened();
    if (id) document.querySelector(`[data-id="${CSS.escape(id)}"] a`)?.focus();
  }, []);
  return (
    <section class="list" aria-labelledby="list-title" data-testid="credential-list">
      <h2 id="list-title">{t('list.title')}</h2>
      {credentials.length === 0 ? (
        <p class="empty">{t('list.empty')}</p>
      ) : (
        <ul class="cards">
          {credentials.map((c) => (
            <Card record={c} key={c.id} />
          ))}
        </ul>
      )}
    </section>
  );
}
