// Whether a credential has expired, from its verdict. Pure (no DOM, no network).

/** When the credential expired (its validity check says so), or null. */
export function expiredOn(verdict, now = Date.now()) {
  const check = ((verdict && verdict.checks) || []).find((c) => c.check === 'validity' && c.status === 'failed');
  if (!check) return null;
  if (check.code === 'validity.expired' && check.params && check.params.until) return check.params.until;
  const until = verdict.display && verdict.display.expires;
  return until && Date.parse(until) < now ? until : null;
}
