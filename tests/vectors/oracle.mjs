// An independent reading of tests/vectors/presentations.json, the test oracle beside the
// hand-written expectations: the `jose` package verifies each VP-JWT (holder signature, aud,
// exp, iat age with maxTokenAge = the 15-minute limit and 300 s clock tolerance) and
// `@sd-jwt/core` each SD-JWT+KB (issuer signature, disclosures, key binding signature by
// cnf.jwk, sd_hash, nonce). Neither Satchel implementation is used. Input: the vectors file's
// path (SVP1/SVP2 QR texts, a Satchel packing, are skipped). Output: one JSON line {"<vector name>": {signature, claims, nonce}}.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SDJwtInstance } from '@sd-jwt/core';
import { importJWK, jwtVerify } from 'jose';

const doc = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const now = new Date(doc.now);
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function unb58(text) {
  let n = 0n;
  for (const ch of text) n = n * 58n + BigInt(B58.indexOf(ch));
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
}
const json = (b64u) => JSON.parse(Buffer.from(b64u, 'base64url').toString('utf8'));

/** The JWK of a did:key (Ed25519) or did:jwk, resolved from the DID's own text. */
function didJwk(did) {
  const bare = did.split('#')[0];
  if (bare.startsWith('did:jwk:')) return json(bare.slice('did:jwk:'.length));
  if (bare.startsWith('did:key:z')) {
    const raw = unb58(bare.slice('did:key:z'.length));
    if (raw[0] !== 0xed || raw[1] !== 0x01) throw new Error('not an Ed25519 did:key');
    return { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(2).toString('base64url') };
  }
  throw new Error('not a did:key or did:jwk');
}

/** Verify a JWS signature with node:crypto (EdDSA, or ES256 as raw r||s). */
function jwsOk(data, sig, jwk) {
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const signature = Buffer.from(sig, 'base64url');
  if (jwk.kty === 'OKP') return verify(null, Buffer.from(data), key, signature);
  return verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, signature);
}

async function vpJwt(v) {
  const [head, body] = v.presentation.split('.');
  const header = json(head);
  const payload = json(body);
  const out = { signature: 'ok', claims: 'ok' };
  let key;
  try {
    // the key the header names (a DID URL), else the issuer's; only did:key / did:jwk resolve here
    const jwk = didJwk(typeof header.kid === 'string' && !header.kid.startsWith('#') ? header.kid : payload.iss);
    key = await importJWK(jwk, jwk.kty === 'OKP' ? 'EdDSA' : 'ES256');
  } catch (err) {
    out.signature = 'bad';
    out.error = String(err.message || err);
  }
  if (key) {
    try {
      await jwtVerify(v.presentation, key, {
        algorithms: ['EdDSA', 'ES256'],
        audience: v.options.audience ?? undefined,
        currentDate: now,
        clockTolerance: doc.max_clock_skew_seconds,
        maxTokenAge: doc.max_presentation_age_seconds,
      });
    } catch (err) {
      if (err.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || err.code === 'ERR_JOSE_ALG_NOT_ALLOWED') out.signature = 'bad';
      else out.claims = err.claim || err.code;
    }
  }
  out.nonce = v.options.nonce == null ? 'none expected' : payload.nonce === v.options.nonce ? 'ok' : 'bad';
  return out;
}

async function sdJwtKb(v) {
  const sdjwt = new SDJwtInstance({
    hasher: (data) => createHash('sha256').update(data).digest(),
    verifier: (data, sig) => {
      const header = json(v.presentation.split('~')[0].split('.')[0]);
      return jwsOk(data, sig, didJwk(header.kid));
    },
    kbVerifier: (data, sig, payload) => jwsOk(data, sig, payload.cnf.jwk),
  });
  const kb = json(v.presentation.split('~').at(-1).split('.')[1]);
  const out = { signature: 'ok', claims: 'not checked' };
  try {
    await sdjwt.verify(v.presentation, { keyBindingNonce: kb.nonce, requireKeyBindings: true });
  } catch (err) {
    out.signature = 'bad';
    out.error = String(err.message || err);
  }
  out.nonce = v.options.nonce == null ? 'none expected' : kb.nonce === v.options.nonce ? 'ok' : 'bad';
  out.aud = v.options.audience == null ? 'none expected' : kb.aud === v.options.audience ? 'ok' : 'bad';
  return out;
}

const result = {};
for (const v of doc.vectors.filter((x) => !x.presentation.startsWith('SVP'))) result[v.name] = v.presentation.includes('~') ? await sdJwtKb(v) : await vpJwt(v);
console.log(JSON.stringify(result));
