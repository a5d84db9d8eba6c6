// The PWA's skills passport (pwa/src/wallet/passport.js) and self-asserted skills (sign.js), run in
// Node for tests/unit/test_passport.py. stdin {records, now, sign?: {form}};
// stdout {passport (records as ids), print: [ids], urls: {id: url|null}, signed?: credential}.
import { readFileSync } from 'node:fs';
import { buildPassport, defaultPrintIds, verificationUrlOf } from '../../pwa/src/wallet/passport.js';
import { createWalletKeys } from '../../pwa/src/wallet/keys.js';
import { selfAssertedCredential, skillNames } from '../../pwa/src/wallet/sign.js';

const job = JSON.parse(readFileSync(0, 'utf8'));
const records = job.records || [];
const now = Date.parse(job.now);
const { groups, summary } = buildPassport(records, now);
const out = {
  passport: {
    summary,
    groups: groups.map((g) => ({
      framework: g.framework,
      skills: g.skills.map((s) => ({ key: s.key, name: s.name, standing: s.standing, backing: s.backing.map((b) => [b.record.id, b.standing]) })),
    })),
  },
  print: defaultPrintIds(records, now),
  urls: Object.fromEntries(records.map((r) => [r.id, verificationUrlOf(r)])),
};
if (job.sign) {
  const wallet = await createWalletKeys();
  const skills = skillNames(job.sign.skills);
  out.skills = skills;
  try {
    out.signed = await selfAssertedCredential({ ...job.sign.form, skills }, wallet);
  } catch (e) {
    out.signError = String(e.message || e);
  }
}
process.stdout.write(JSON.stringify(out));
