// Holder keys for the interop wallets, made with Node's own crypto (no Satchel code):
// an Ed25519 did:key (kid = DID URL) and a P-256 key named by jwk (DID = did:jwk).
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58btc(bytes) {
  let n = BigInt('0x' + (Buffer.from(bytes).toString('hex') || '0'));
  let out = '';
  while (n > 0n) {
    out = B58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}
const b64url = (data) => Buffer.from(data).toString('base64url');

/** A new holder key: { kind, did, kid?, publicJwk, privateJwk, alg }. */
export function newHolder(kind) {
  if (kind === 'ed25519-did-key') {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const publicJwk = publicKey.export({ format: 'jwk' });
    const multibase = 'z' + base58btc(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(publicJwk.x, 'base64url')]));
    const did = `did:key:${multibase}`;
    return { kind, did, kid: `${did}#${multibase}`, alg: 'EdDSA', publicJwk, privateJwk: privateKey.export({ format: 'jwk' }) };
  }
  if (kind === 'p256-jwk') {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicJwk = publicKey.export({ format: 'jwk' });
    const did = `did:jwk:${b64url(JSON.stringify({ kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y }))}`;
    return { kind, did, alg: 'ES256', publicJwk, privateJwk: privateKey.export({ format: 'jwk' }) };
  }
  throw new Error(`unknown key kind ${kind}`);
}

/** A compact JWS over header and payload with the holder's private key. */
export function signJwt(holder, header, payload) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = createPrivateKey({ key: holder.privateJwk, format: 'jwk' });
  const signature =
    holder.alg === 'EdDSA'
      ? sign(null, Buffer.from(input), key)
      : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

/** Run `fn` as a named step; a failure says which step broke. */
export async function step(steps, name, fn) {
  try {
    const value = await fn();
    steps.push({ step: name, ok: true });
    return value;
  } catch (err) {
    steps.push({ step: name, ok: false, error: String(err?.stack || err) });
    throw Object.assign(new Error(`step "${name}" failed: ${err?.message || err}`), { steps });
  }
}

/** Read the job from argv[2] (JSON file) and print the result as JSON on stdout. */
export async function main(run) {
  const { readFile } = await import('node:fs/promises');
  const job = JSON.parse(await readFile(process.argv[2], 'utf8'));
  const steps = [];
  try {
    const result = await run(job, steps);
    process.stdout.write(JSON.stringify({ ok: true, steps, ...result }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, steps, error: String(err?.message || err) }));
    process.exitCode = 1;
  }
}
