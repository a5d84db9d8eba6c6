// What to call a credential and its issuer when the verdict has no name for them: say what
// could not be fetched (an Open Badges 2.0 badge class or issuer profile on an unreachable
// server) rather than "Untitled" / "Unknown".
import { t } from '../i18n/index.js';

/** The check saying that `what` (a wallet_core phrase code, e.g. what.badge_class) could not be fetched. */
export function notFetched(verdict, what) {
  return ((verdict && verdict.checks) || []).find((c) => c.params && c.params.what_code === what && String(c.code || '').startsWith('fetch.'));
}

/** The credential's title, or what is missing. */
export function titleOf(record) {
  const v = (record && record.verdict) || {};
  const d = v.display || {};
  if (d.name) return d.name;
  return notFetched(v, 'what.badge_class') ? t('detail.titleNotFetched') : t('detail.untitled');
}

/** Who asserted a self-asserted entry: "You", or the DID of the wallet a restored record came from. */
export const selfAssertedBy = (record) => (record.selfAssertedBy ? t('experience.byOther', { did: record.selfAssertedBy }) : t('experience.byYou'));

/** The issuer's name (or id), or what is missing: '' when nothing is known and nothing was missed. */
export function issuerNameOf(record) {
  const v = (record && record.verdict) || {};
  const d = v.display || {};
  const issuer = v.issuer || {};
  return d.issuer_name || issuer.name || issuer.id || d.issuer_id || issuerMissing(v);
}

/** "The issuer's profile could not be fetched from …" when that is why the issuer has no name, else ''. */
export function issuerMissing(verdict) {
  const missed = notFetched(verdict, 'what.badge_class') || notFetched(verdict, 'what.issuer_profile');
  return missed ? t('detail.issuerNotFetched', { host: missed.params.host || '' }) : '';
}
