// An independent OpenID4VP 1.0 verifier for the wallet's interop tests, made with the
// OpenWallet Foundation's @openid4vc/openid4vp (request creation, response parsing and
// validation), the dcql package (does the vp_token satisfy the DCQL query) and
// @sd-jwt/sd-jwt-vc (issuer signature, disclosures, key binding). Nothing from Satchel.
//
//   node verifier.mjs '{"trusted_did_web_http": "http://127.0.0.1:<port>", "key": <pem file>, "cert": <pem file>}'
// listens with TLS on 127.0.0.1 (a free port; the library wants https response URIs) and prints
// {"url": "https://127.0.0.1:<port>"} on stdout.
//   POST /requests  {dcql_query, response_mode?}  -> {id, uri, payload}
//   POST /response/<id>  (the response_uri, direct_post form)  -> {} or an error
//   GET  /results/<id>  -> {steps: {name: "ok" | error}, verified, claims?}
// did:web issuers are resolved over http only at the trusted loopback origin given.
import {createServer} from 'node:https';
import {readFileSync} from 'node:fs';
import {createHash, createPublicKey, randomBytes, verify as cryptoVerify} from 'node:crypto';
import {Openid4vpVerifier} from '@openid4vc/openid4vp';
import {DcqlQuery, DcqlPresentationResult} from 'dcql';
import {SDJwtVcInstance} from '@sd-jwt/sd-jwt-vc';
import {digest} from '@sd-jwt/crypto-nodejs';

const config = JSON.parse(process.argv[2] || '{}');
const requests = new Map(); // id -> {payload, result}

const b64urlJson = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function jwsVerify(key, alg, data, signature) {
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'EdDSA' || alg === 'Ed25519') return cryptoVerify(null, Buffer.from(data), key, sig);
  if (alg === 'ES256') return cryptoVerify('sha256', Buffer.from(data), {key, dsaEncoding: 'ieee-p1363'}, sig);
  throw new Error(`unsupported alg ${alg}`);
}

// did:web over http at the one trusted loopback origin (a test stand-in for https).
async function didWebKey(kid) {
  const [did] = kid.split('#');
  if (!did.startsWith('did:web:')) throw new Error(`issuer kid is not did:web: ${kid}`);
  const parts = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  const origin = `http://${parts[0]}`;
  if (origin !== config.trusted_did_web_http) throw new Error(`issuer ${did} is not trusted`);
  const path = parts.length > 1 ? `/${parts.slice(1).join('/')}/did.json` : '/.well-known/did.json';
  const doc = await (await fetch(origin + path)).json();
  const method = (doc.verificationMethod || []).find((m) => m.id === kid || `${did}${m.id}` === kid);
  if (!method) throw new Error(`${kid} is not in the DID document`);
  if (method.publicKeyJwk) return createPublicKey({key: method.publicKeyJwk, format: 'jwk'});
  if (method.publicKeyMultibase) return ed25519Multibase(method.publicKeyMultibase);
  throw new Error(`unsupported verification method ${method.type}`);
}

// An Ed25519 Multikey (publicKeyMultibase "z6Mk…": base58btc of 0xed 0x01 + 32 bytes).
function ed25519Multibase(text) {
  const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  if (!text.startsWith('z')) throw new Error('not base58btc multibase');
  let n = 0n;
  for (const ch of text.slice(1)) n = n * 58n + BigInt(B58.indexOf(ch));
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n & 0xffn)); n >>= 8n; }
  const raw = Uint8Array.from(bytes);
  if (raw[0] !== 0xed || raw[1] !== 0x01 || raw.length !== 34) throw new Error('not an Ed25519 Multikey');
  return createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw.subarray(2)).toString('base64url')}, format: 'jwk'});
}

const callbacks = {
  hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
  generateRandom: (n) => randomBytes(n),
  signJwt: async () => { throw new Error('this verifier does not sign requests yet'); },
  verifyJwt: async () => ({verified: false}),
  encryptJwe: async () => { throw new Error('no JWE'); },
  decryptJwe: async () => { throw new Error('no JWE'); },
};
const verifier = new Openid4vpVerifier({callbacks});

async function createRequest(body, base) {
  const id = randomBytes(8).toString('hex');
  const responseUri = `${base}/response/${id}`;
  const dcql = DcqlQuery.parse(body.dcql_query);
  DcqlQuery.validate(dcql);
  const {authorizationRequestPayload, authorizationRequest} = await verifier.createOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: {
      response_type: 'vp_token',
      client_id: `redirect_uri:${responseUri}`,
      response_uri: responseUri,
      response_mode: body.response_mode || 'direct_post',
      nonce: randomBytes(16).toString('base64url'),
      state: randomBytes(8).toString('base64url'),
      dcql_query: body.dcql_query,
      client_metadata: {client_name: 'Interop Test Verifier', vp_formats_supported: {'dc+sd-jwt': {'sd-jwt_alg_values': ['EdDSA'], 'kb-jwt_alg_values': ['EdDSA']}}},
    },
  });
  requests.set(id, {payload: authorizationRequestPayload, result: null});
  return {id, uri: authorizationRequest, payload: authorizationRequestPayload};
}

async function verifySdJwt(token, payload, steps, label) {
  const sdjwt = new SDJwtVcInstance({
    hasher: digest,
    verifier: async (data, signature) => {
      const header = b64urlJson(data.split('.')[0]);
      return jwsVerify(await didWebKey(header.kid), header.alg, data, signature);
    },
    kbVerifier: async (data, signature, claims) => {
      const header = b64urlJson(data.split('.')[0]);
      const jwk = claims && claims.cnf && claims.cnf.jwk;
      if (!jwk) throw new Error('no cnf.jwk to check the key binding with');
      return jwsVerify(createPublicKey({key: jwk, format: 'jwk'}), header.alg, data, signature);
    },
  });
  // Signatures, disclosure digests, KB-JWT signature, sd_hash and nonce.
  const result = await sdjwt.verify(token, {keyBindingNonce: payload.nonce, requiredClaimKeys: []});
  steps[`${label}: issuer signature, disclosures, key binding signature, sd_hash, nonce`] = 'ok';
  if (!result.kb || result.kb.payload.aud !== payload.client_id) {
    throw new Error(`${label}: key binding aud ${result.kb && result.kb.payload.aud} is not the client_id`);
  }
  steps[`${label}: key binding aud is the client_id`] = 'ok';
  return {claims: await sdjwt.getClaims(token), kb: result.kb.payload};
}

async function handleResponse(id, form) {
  const entry = requests.get(id);
  const steps = {};
  const out = {steps, verified: false, claims: {}};
  entry.result = out;
  if (form.has('error')) {
    // An authorization error response (OpenID4VP 1.0 §8.5, e.g. access_denied): nothing presented.
    out.error = form.get('error');
    out.state_matches = form.get('state') === entry.payload.state;
    steps[`error response: ${out.error}`] = 'ok';
    return out;
  }
  try {
    const authorizationResponse = Object.fromEntries(form);
    if (authorizationResponse.vp_token) authorizationResponse.vp_token = JSON.parse(authorizationResponse.vp_token);
    const parsed = await verifier.parseOpenid4vpAuthorizationResponse({
      authorizationResponse, authorizationRequestPayload: entry.payload, callbacks,
    });
    steps['response: parsed and validated (state, vp_token shape) by @openid4vc/openid4vp'] = 'ok';
    if (parsed.type !== 'dcql') throw new Error('not a DCQL response');
    const presentations = parsed.dcql.presentations;
    const dcqlPresentation = {};
    for (const [queryId, list] of Object.entries(presentations)) {
      dcqlPresentation[queryId] = [];
      for (const [i, p] of list.entries()) {
        const label = `${queryId}[${i}]`;
        if (typeof p === 'string' && p.includes('~')) {
          const {claims} = await verifySdJwt(p, entry.payload, steps, label);
          out.claims[label] = claims;
          dcqlPresentation[queryId].push({credential_format: 'dc+sd-jwt', vct: claims.vct, claims, cryptographic_holder_binding: true});
        } else throw new Error(`${label}: unsupported presentation`);
      }
    }
    const dcqlResult = DcqlPresentationResult.fromDcqlPresentation(dcqlPresentation, {dcqlQuery: DcqlQuery.parse(entry.payload.dcql_query)});
    out.dcql = dcqlResult;
    if (!dcqlResult.can_be_satisfied) throw new Error('dcql: the presentations do not satisfy the query');
    steps['dcql: presentations satisfy the query'] = 'ok';
    out.verified = true;
  } catch (e) {
    out.error = String(e && e.message || e);
  }
  return out;
}

const server = createServer({key: readFileSync(config.key), cert: readFileSync(config.cert)}, async (req, res) => {
  const base = `https://127.0.0.1:${server.address().port}`;
  const send = (status, body) => {
    res.writeHead(status, {'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store'});
    res.end(JSON.stringify(body));
  };
  let raw = '';
  for await (const chunk of req) raw += chunk;
  try {
    const url = new URL(req.url, base);
    if (req.method === 'POST' && url.pathname === '/requests') return send(200, await createRequest(JSON.parse(raw), base));
    const m = /^\/(response|results)\/([0-9a-f]+)$/.exec(url.pathname);
    if (m && requests.has(m[2])) {
      if (m[1] === 'results' && req.method === 'GET') return send(200, requests.get(m[2]).result);
      if (m[1] === 'response' && req.method === 'POST') {
        const out = await handleResponse(m[2], new URLSearchParams(raw));
        return out.verified || out.state_matches ? send(200, {}) : send(400, {error: 'invalid_request', error_description: out.error});
      }
    }
    return send(404, {error: 'not found'});
  } catch (e) {
    return send(400, {error: String(e && e.message || e)});
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({url: `https://127.0.0.1:${server.address().port}`}) + '\n');
});
