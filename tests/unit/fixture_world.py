"""The offline world the interop fixtures are verified in, and Satchel's answers.

Everything is served from the interop corpora (``tests/corpora.py``) through a
StaticFetcher:
- the OB 3.0 bit-string status list at the URL the samples name;
- every OB 2.0 hosted document in ``ob20/assets`` under its own ``id`` and, as
  the upstream validator's tests serve them, under ``https://example.org/<file>``,
  ``http://example.org/<file>`` and ``https://www.example.org/<file>`` (several
  assets claim ids that differ from the URLs that reference them);
- the OB 2.0 assertion under test at its own ``id`` (the issuer's hosted copy).

``SATCHEL_DIFFERS`` gives, for each sample where Satchel's offline answer is
not the upstream verdict, Satchel's answer and why.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests import corpora
from wallet_core import InputError, verify
from wallet_core.containers import unbake
from wallet_core.fetcher import StaticFetcher
from wallet_core.parse import parse_text

from .conftest import INTEROP, ONE_EDTECH, options

# empty without the corpora: the modules that use it skip (corpora.require_module)
EXPECTED = json.loads((ONE_EDTECH / "expected.json").read_text("utf-8")) if corpora.AVAILABLE else {}
OB20_ASSETS = ONE_EDTECH / "ob20" / "assets"
UPSTREAM_HOSTS = ("https://example.org/", "http://example.org/", "https://www.example.org/")

TESTLIST_URL = (
    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/"
    "refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist"
)

UNPROVEN_KEY = (
    "the key sits in the verification method URL (https://…#z6Mk…); offline nothing proves "
    "it is the issuer's, so the issuer check is could_not_check"
)
DID_KEY_NOT_ISSUER = (
    "signed by a did:key while the issuer id is a urn:uuid: the signature is valid but "
    "nothing binds that key to the issuer"
)
JWK_IN_HEADER = (
    "the JWT's signature is valid with the key in its own header (jwk); offline nothing "
    "proves that key is the issuer's, so the issuer check is could_not_check"
)

NO_EXTENSION_SCHEMAS = (
    "Open Badges 2.0 extensions are validated against JSON schemas published with the "
    "extension (network); Satchel holds none, so the extension is could_not_check, never "
    "silently accepted"
)
NOT_AN_AWARD = (
    "a badge class, issuer profile or other node on its own is not an awarded credential: "
    "Satchel refuses it as not_a_credential (upstream validates the node itself)"
)

# file -> (Satchel's result, why it differs from the upstream verdict)
SATCHEL_DIFFERS = {
    "ob20/assertion-with-extension-node-basic.json": ("could_not_check", NO_EXTENSION_SCHEMAS),
    "ob20/assertion-with-extension-node-invalid.json": ("could_not_check", NO_EXTENSION_SCHEMAS),
    "ob20/assertion-with-multiple-extensions.json": ("could_not_check", NO_EXTENSION_SCHEMAS),
    "ob20/warning-issuer-non-http.json": (
        "could_not_check",
        (
            "the issuer's id is a urn:uuid, so nothing ties the web origin hosting the assertion "
            "to the issuer; upstream warns and passes, Satchel cannot confirm the issuer"
        ),
    ),
    **{
        name: ("not_a_credential", NOT_AN_AWARD)
        for name in (
            "ob20/assets/badge-with-data-image.json",
            "ob20/assets/badgeclass-with-complex-image.json",
            "ob20/assets/badgeclass1.json",
            "ob20/issuer-compact-iri-validation.json",
            "ob20/rdf-validation/badge-class-invalid-issuer-type.json",
            "ob20/rdf-validation/invalid-class.json",
            "ob20/rdf-validation/invalid-empty-type.json",
            "ob20/rdf-validation/invalid-one-invalid-class.json",
            "ob20/rdf-validation/valid-alignment-object.json",
            "ob20/rdf-validation/valid-badge-class-empty-criteria-type.json",
            "ob20/rdf-validation/valid-badge-class.json",
            "ob20/rdf-validation/valid-cool-class.json",
            "ob20/rdf-validation/valid-issuer-extension.json",
        )
    },
    "ob30/simple.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple.1ob": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-json.png": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-json.svg": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple_v1.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-eddsa-2022.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-context-alias.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/endorsement-valid.json": ("could_not_check", UNPROVEN_KEY),
    "ob30/simple-did-web-method.json": (
        "could_not_check",
        "upstream disabled this test (needs network); offline the right answer is could_not_check",
    ),
    "ob30/simple-did-key-method.json": ("could_not_check", DID_KEY_NOT_ISSUER),
    "ob30/credential-status-revoked.json": (
        "could_not_check",
        (
            "its did:web key and its 1EdTech revocation list are not in the fixtures; offline they "
            "cannot be checked, and an unchecked status is never 'not revoked'"
        ),
    ),
    "ob30/sd/derivedcredential.json": (
        "could_not_check",
        (
            "its ecdsa-sd-2023 derived proof (selective disclosure, P-256) is valid; the key sits in "
            "the verification method URL (https://…#zDna…) and offline nothing proves it is the "
            "issuer's, so the issuer check is could_not_check"
        ),
    ),
    "clr20/simple.json": ("could_not_check", UNPROVEN_KEY),
    "clr20/complex.json": ("could_not_check", DID_KEY_NOT_ISSUER),
    "clr20/simple_v1.json": ("could_not_check", UNPROVEN_KEY),
    "clr20/simple.jwt": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt.png": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt.svg": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt_v1.png": ("could_not_check", JWK_IN_HEADER),
    "ob30/simple-jwt_v1.svg": ("could_not_check", JWK_IN_HEADER),
}

UPSTREAM_TO_SATCHEL = {"valid": "valid", "valid-with-warning": "valid", "invalid": "invalid"}

CASES = sorted(EXPECTED)


def fixture_fetcher(data: bytes | None = None) -> StaticFetcher:
    """The offline world; with ``data``, also its OB 2.0 assertion at its own id."""
    fetcher = StaticFetcher(
        {TESTLIST_URL: (ONE_EDTECH / "ob30" / "bit-string-list" / "testlist").read_bytes()}
    )
    assets = sorted(OB20_ASSETS.iterdir())
    for path in assets:
        try:
            doc = json.loads(path.read_bytes())
        except ValueError:
            continue
        if isinstance(doc, dict) and str(doc.get("id", "")).startswith("http"):
            fetcher.add(doc["id"], path.read_bytes())
    for path in assets:
        for host in UPSTREAM_HOSTS:
            fetcher.add(host + path.name, path.read_bytes())
    if data is not None:
        hosted = _ob2_assertion(data)
        if hosted is not None:
            fetcher.add(hosted["id"], json.dumps(hosted))
    return fetcher


def _ob2_assertion(data: bytes) -> dict | None:
    try:
        parsed = parse_text(unbake(data).text)
    except InputError:
        return None
    doc = parsed.document if parsed.kind == "json" else parsed.jwt_payload
    if isinstance(doc, dict) and "badge" in doc and str(doc.get("id", "")).startswith("http"):
        return doc
    return None


def satchel_result(path: Path) -> str:
    """Satchel's offline answer for one fixture file: a result or an InputError code."""
    data = path.read_bytes()
    try:
        return verify(data, options(fetcher=fixture_fetcher(data))).result
    except InputError as exc:
        return exc.code


def fixture_files() -> list[Path]:
    """Every fixture file under interop/ that could be handed to Satchel as a credential."""
    skip_suffixes = {".txt", ".md"}
    out = []
    for path in sorted(INTEROP.rglob("*")):
        if not path.is_file() or path.suffix in skip_suffixes or path.name == "expected.json":
            continue
        out.append(path)
    return out
