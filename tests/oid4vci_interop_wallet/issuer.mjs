// An independent OpenID4VCI 1.0 issuer for Satchel's wallet to redeem offers from: the
// OpenWallet Foundation's @openid4vc/openid4vci (Openid4vciIssuer) parses the credential
// requests, verifies the proof JWTs (through the verifyJwt callback below, which checks the
// signature for real with Node's WebCrypto) and writes the responses. Only the HTTP plumbing,
// the pre-authorised token, the did:key resolution and the SD-JWT VC signing are ours.
//
// One process, several issuers on loopback, each under its own path (its credential_issuer):
//   /es256     ES256 only, `jwk` binding
//   /eddsa     EdDSA only, did:key binding
//   /es256did  ES256 only, did:key binding (the wallet's P-256 did:key, zDn…, resolved here)
//   /deferred  ES256 + EdDSA, did binding; the credential endpoint answers with a
//              transaction_id, the deferred endpoint answers "pending" (202) once, then delivers
//   /mismatch  its metadata names another credential_issuer (a wallet must refuse it)
//   /stale     EdDSA, did; the first proof of each access token is refused with invalid_nonce
//              (no c_nonce in the error: the wallet must ask the nonce endpoint)
// Credentials: SD-JWT VC (dc+sd-jwt), signed ES256 by the issuer's did:jwk, bound (cnf) to the
// key of the proof. Start: `node issuer.mjs`; prints {"port": N} on its first line.
// GET /<name>/offer makes a fresh offer; GET /log lists what happened, step by step.
import { createServer } from 'node:http';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { Openid4vciIssuer, Openid4vciVersion, setGlobalConfig } from '@openid4vc/openid4vci';

setGlobalConfig({ allowInsecureUrls: true }); // http on loopback, for this test only

const { subtle } = webcrypto;
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const fromB64u = (s) => new Uint8Array(Buffer.from(s, 'base64url'));
const json = (o) => b64u(Buffer.from(JSON.stringify(o)));

// ---- did:key (Ed25519 z6Mk…, P-256 zDn…) → JWK -----------------------------------
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58decode(s) {
  let n = 0n;
  for (const ch of s) {
    const d = B58.indexOf(ch);
    if (d < 0) throw new Error('not base58');
    n = n * 58n + BigInt(d);
  }
  const hex = n.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = s.match(/^1*/)[0].length;
  return new Uint8Array([...new Uint8Array(zeros), ...bytes]);
}
const P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const B = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const modpow = (b, e, m) => {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
};
const big = (bytes) => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const bytes32 = (n) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

function didKeyJwk(didUrl) {
  const did = didUrl.split('#')[0];
  if (!did.startsWith('did:key:z')) throw new Error(`not a did:key: ${did}`);
  const raw = base58decode(did.slice('did:key:z'.length));
  if (raw[0] === 0xed && raw[1] === 0x01 && raw.length === 34) return { kty: 'OKP', crv: 'Ed25519', x: b64u(raw.slice(2)) };
  if (raw[0] === 0x80 && raw[1] === 0x24 && raw.length === 35) {
    const x = big(raw.slice(3));
    let y = modpow((x ** 3n - 3n * x + B) % P, (P + 1n) / 4n, P);
    if ((y & 1n) !== BigInt(raw[2] & 1)) y = P - y;
    return { kty: 'EC', crv: 'P-256', x: b64u(bytes32(x)), y: b64u(bytes32(y)) };
  }
  throw new Error('unsupported did:key multicodec');
}

const ALGS = {
  EdDSA: { imp: { name: 'Ed25519' }, sig: { name: 'Ed25519' } },
  ES256: { imp: { name: 'ECDSA', namedCurve: 'P-256' }, sig: { name: 'ECDSA', hash: 'SHA-256' } },
};

const log = [];
const step = (issuer, what, detail = '') => log.push({ issuer, step: what, detail });

// Verifies a JWT with the key the library tells us (did or jwk): a real signature check.
async function verifyJwt(signer, jwt) {
  const alg = ALGS[jwt.header.alg];
  let publicJwk;
  try {
    publicJwk = signer.method === 'did' ? didKeyJwk(signer.didUrl) : signer.publicJwk;
  } catch {
    return { verified: false };
  }
  if (!alg || !publicJwk) return { verified: false, signerJwk: publicJwk };
  const [h, p, s] = jwt.compact.split('.');
  const key = await subtle.importKey('jwk', publicJwk, alg.imp, false, ['verify']);
  const verified = await subtle.verify(alg.sig, key, fromB64u(s), new TextEncoder().encode(`${h}.${p}`));
  return verified ? { verified: true, signerJwk: publicJwk } : { verified: false, signerJwk: publicJwk };
}

const lib = new Openid4vciIssuer({
  callbacks: {
    verifyJwt,
    hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
    generateRandom: (n) => randomBytes(n),
    signJwt: async () => {
      throw new Error('not used');
    },
  },
});

// ---- the issuer's own key and SD-JWT VC --------------------------------------
const issuerKeys = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
const issuerJwk = (({ kty, crv, x, y }) => ({ kty, crv, x, y }))(await subtle.exportKey('jwk', issuerKeys.publicKey));
const issuerDid = `did:jwk:${json(issuerJwk)}`;

async function sdJwtVc(vct, cnf, claims) {
  const disclosures = Object.entries(claims).map(([k, v]) => b64u(Buffer.from(JSON.stringify([b64u(randomBytes(16)), k, v]))));
  const digests = disclosures.map((d) => createHash('sha256').update(d).digest('base64url'));
  const header = { alg: 'ES256', typ: 'dc+sd-jwt', kid: `${issuerDid}#0` };
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: issuerDid, vct, iat: now, exp: now + 86400, cnf, _sd: digests, _sd_alg: 'sha-256' };
  const input = `${json(header)}.${json(payload)}`;
  const sig = await subtle.sign(ALGS.ES256.sig, issuerKeys.privateKey, new TextEncoder().encode(input));
  return `${input}.${b64u(sig)}~${disclosures.join('~')}~`;
}

// ---- the issuers -------------------------------------------------------------------
const MODES = {
  es256: { algs: ['ES256'], binding: ['jwk'] },
  eddsa: { algs: ['EdDSA'], binding: ['did:key'] },
  es256did: { algs: ['ES256'], binding: ['did:key'] },
  deferred: { algs: ['ES256', 'EdDSA'], binding: ['did:key'], deferred: true },
  mismatch: { algs: ['EdDSA'], binding: ['did:key'], mismatch: true },
  stale: { algs: ['EdDSA'], binding: ['did:key'], stale: true },
};
const CONFIG_ID = 'InteropBadge';

let base = '';
const state = { codes: new Map(), tokens: new Map(), nonces: new Map(), transactions: new Map() };

function metadataOf(name) {
  const mode = MODES[name];
  const id = `${base}/${name}`;
  return lib.createCredentialIssuerMetadata({
    credential_issuer: mode.mismatch ? `${base}/somebody-else` : id,
    credential_endpoint: `${id}/credential`,
    nonce_endpoint: `${id}/nonce`,
    deferred_credential_endpoint: `${id}/deferred`,
    credential_configurations_supported: {
      [CONFIG_ID]: {
        format: 'dc+sd-jwt',
        vct: 'https://interop.example/InteropBadge',
        cryptographic_binding_methods_supported: mode.binding,
        credential_signing_alg_values_supported: ['ES256'],
        proof_types_supported: { jwt: { proof_signing_alg_values_supported: mode.algs } },
        credential_metadata: { display: [{ name: `Interop badge (${name})`, locale: 'en' }] },
      },
    },
  });
}
const asMetadataOf = (name) => ({
  issuer: `${base}/${name}`,
  token_endpoint: `${base}/${name}/token`,
  'pre-authorized_grant_anonymous_access_supported': true,
});

const PRE_AUTH = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';

async function handle(name, route, req, body) {
  const mode = MODES[name];
  if (!mode) return [404, { error: 'not_found' }];
  if (route === 'offer' && req.method === 'GET') {
    const code = b64u(randomBytes(16));
    state.codes.set(code, name);
    return [200, { credential_issuer: `${base}/${name}`, credential_configuration_ids: [CONFIG_ID], grants: { [PRE_AUTH]: { 'pre-authorized_code': code } } }];
  }
  if (route === 'token' && req.method === 'POST') {
    const form = new URLSearchParams(body);
    const code = form.get('pre-authorized_code');
    if (form.get('grant_type') !== PRE_AUTH || state.codes.get(code) !== name) {
      step(name, 'token refused', 'unknown or spent pre-authorized_code');
      return [400, { error: 'invalid_grant' }];
    }
    state.codes.delete(code);
    const token = b64u(randomBytes(24));
    state.tokens.set(token, { name, proofs: 0 });
    step(name, 'token issued');
    return [200, { access_token: token, token_type: 'Bearer', expires_in: 300 }]; // 1.0: no c_nonce here
  }
  if (route === 'nonce' && req.method === 'POST') {
    const cNonce = b64u(randomBytes(16));
    state.nonces.set(cNonce, name);
    step(name, 'nonce issued');
    return [200, lib.createNonceResponse({ cNonce, cNonceExpiresIn: 300 })];
  }
  const auth = (req.headers.authorization || '').replace(/^Bearer /, '');
  const session = state.tokens.get(auth);
  if (route === 'credential' && req.method === 'POST') {
    if (!session || session.name !== name) return [401, { error: 'invalid_token' }];
    const credentialIssuer = metadataOf(name);
    const issuerMetadata = {
      originalDraftVersion: Openid4vciVersion.V1,
      credentialIssuer,
      authorizationServers: [asMetadataOf(name)],
      knownCredentialConfigurations: lib.getKnownCredentialConfigurationsSupported(credentialIssuer),
    };
    let parsed;
    try {
      parsed = lib.parseCredentialRequest({ issuerMetadata, credentialRequest: JSON.parse(body) });
    } catch (e) {
      step(name, 'credential request refused', String(e.message).slice(0, 200));
      return [400, { error: 'invalid_credential_request', error_description: String(e.message).slice(0, 200) }];
    }
    if (parsed.proof || !parsed.proofs?.jwt?.length) {
      step(name, 'credential request refused', 'no proofs.jwt');
      return [400, { error: 'invalid_credential_request', error_description: 'OpenID4VCI 1.0 takes proofs' }];
    }
    const jwt = parsed.proofs.jwt[0];
    session.proofs += 1;
    let verified;
    try {
      verified = await lib.verifyCredentialRequestJwtProof({ issuerMetadata, jwt });
    } catch (e) {
      step(name, 'proof refused', String(e.message).slice(0, 300));
      return [400, { error: 'invalid_proof', error_description: String(e.message).slice(0, 300) }];
    }
    const { header, payload } = verified;
    if (!mode.algs.includes(header.alg) || (mode.binding.includes('jwk') ? !header.jwk : !header.kid)) {
      step(name, 'proof refused', `alg ${header.alg}, ${header.jwk ? 'jwk' : 'kid'}`);
      return [400, { error: 'invalid_proof', error_description: `alg ${header.alg} or its key binding is not accepted` }];
    }
    if (state.nonces.get(payload.nonce) !== name || (mode.stale && session.proofs === 1)) {
      state.nonces.delete(payload.nonce);
      step(name, 'nonce refused', mode.stale && session.proofs === 1 ? 'stale on purpose' : 'unknown nonce');
      return [400, { error: 'invalid_nonce', error_description: 'the c_nonce is not valid (any more)' }];
    }
    state.nonces.delete(payload.nonce);
    step(name, 'proof verified', `${header.alg} ${header.jwk ? 'jwk' : header.kid.split('#')[0]}`);
    const cnf = header.jwk ? { jwk: header.jwk } : { kid: header.kid };
    const credential = await sdJwtVc('https://interop.example/InteropBadge', cnf, { name: `Interop badge (${name})`, achievement: 'Interoperability' });
    if (mode.deferred) {
      const transactionId = b64u(randomBytes(12));
      state.transactions.set(transactionId, { name, credential, polls: 0, token: auth });
      step(name, 'credential deferred', transactionId);
      return [202, lib.createCredentialResponse({ credentialRequest: parsed, transactionId, interval: 2 })];
    }
    step(name, 'credential issued');
    return [200, lib.createCredentialResponse({ credentialRequest: parsed, credentials: [{ credential }] })];
  }
  if (route === 'deferred' && req.method === 'POST') {
    if (!session || session.name !== name) return [401, { error: 'invalid_token' }];
    let parsed;
    try {
      parsed = lib.parseDeferredCredentialRequest({ deferredCredentialRequest: JSON.parse(body) });
    } catch (e) {
      return [400, { error: 'invalid_credential_request', error_description: String(e.message).slice(0, 200) }];
    }
    const tx = state.transactions.get(parsed.deferredCredentialRequest?.transaction_id ?? JSON.parse(body).transaction_id);
    if (!tx || tx.token !== auth) {
      step(name, 'deferred refused', 'unknown transaction_id');
      return [400, { error: 'invalid_transaction_id' }];
    }
    tx.polls += 1;
    if (tx.polls === 1) {
      step(name, 'deferred pending');
      return [202, lib.createDeferredCredentialResponse({ transactionId: JSON.parse(body).transaction_id, interval: 2 })];
    }
    state.transactions.delete(JSON.parse(body).transaction_id);
    step(name, 'deferred delivered');
    return [200, lib.createDeferredCredentialResponse({ credentials: [{ credential: tx.credential }] })];
  }
  return [404, { error: 'not_found' }];
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, Accept-Language',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
};

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks).toString();
  const path = new URL(req.url, base).pathname;
  let status = 404;
  let out = { error: 'not_found' };
  try {
    if (req.method === 'OPTIONS') [status, out] = [204, null];
    else if (path === '/log') [status, out] = [200, log];
    else if (path === '/issuer-did') [status, out] = [200, { did: issuerDid }];
    else if (path.startsWith('/.well-known/openid-credential-issuer/')) {
      const name = path.split('/')[3];
      if (MODES[name]) [status, out] = [200, metadataOf(name)];
      if (MODES[name]) step(name, 'metadata served');
    } else if (path.startsWith('/.well-known/oauth-authorization-server/')) {
      const name = path.split('/')[3];
      if (MODES[name]) [status, out] = [200, asMetadataOf(name)];
    } else {
      const [, name, route] = path.split('/');
      [status, out] = await handle(name, route, req, body);
    }
  } catch (e) {
    [status, out] = [500, { error: 'server_error', error_description: String(e.message) }];
  }
  res.writeHead(status, { ...CORS, ...(out === null ? {} : { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }) });
  res.end(out === null ? undefined : JSON.stringify(out));
});

server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${server.address().port}`;
  console.log(JSON.stringify({ port: server.address().port, issuerDid }));
});
