// A share link: a presentation signed on the device, stored by the server behind /s/<token>
// (POST /api/v1/shares), and kept in "My shares". Used by Share and the printable passport.
import { createShare, shareNonce } from '../../api.js';
import { getManageSecret, putShare } from '../../db.js';
import { t } from '../../i18n/index.js';
import { createPresentation } from '../../wallet/present.js';

const isoSeconds = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Make a link for `items` ([{text, paths}]) that lasts `days` days; the stored share record.
 * Throws an Error with a message for the learner (offline, refused by the server).
 */
export async function createShareLink(items, wallet, lang, { label = '', days }) {
  const nonce = await shareNonce(lang);
  if (!nonce.ok) throw new Error(nonce.offline ? t('share.offline') : nonce.body?.message || t('import.serverError'));
  const presentation = await createPresentation(items, wallet, { aud: nonce.body.audience, nonce: nonce.body.nonce });
  const body = { presentation, label: label.trim(), expires_at: isoSeconds(Date.now() + days * 86400000), manage_secret: await getManageSecret() };
  const res = await createShare(body, lang);
  if (!res.ok) throw new Error(res.offline ? t('share.offline') : res.body?.message || t('import.serverError'));
  const s = res.body;
  const record = {
    id: s.id,
    url: s.url,
    label: s.label,
    expiresAt: s.expires_at,
    createdAt: s.created_at,
    credentials: (s.credentials || []).map((c) => ({ name: c.name, issuer: c.issuer })),
    result: s.result,
  };
  await putShare(record);
  return record;
}
