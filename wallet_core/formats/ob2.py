"""Open Badges 2.0 (and 1.x) assertions: hosted and signed.

- Hosted: the issuer's copy at the assertion's ``id`` (1.x: ``verify.url``) is
  the credential. It is fetched through the injected fetcher and compared with
  the copy given; the assertion URL must lie in the issuer's allowed origins
  (``verification.allowedOrigins`` / ``startsWith`` of the issuer profile, by
  default the host of the issuer's id).
- Signed: a compact JWS (RS256) whose payload is the assertion; the key is the
  CryptographicKey document at ``verification.creator``, owned by the issuer,
  and listed in the issuer profile's ``publicKey``.
- The badge class and issuer profile are embedded or fetched by URL; a fetched
  document must claim an id on the host it was fetched from.
- Status: the issuer's ``revocationList``; a hosted copy marked ``revoked``.

Offline (no fetcher) nothing above can be checked: could_not_check, never valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from .. import jsonsafe
from ..display import display_for_ob2
from ..fetch_reasons import coded_check, unavailable
from ..fetcher import FetchError
from ..jose import JoseError, verify_compact
from ..parse import ParsedText
from ..validity import check_validity
from ..vc_model import as_list, looks_like_vc, types
from ..verdict import Check, IssuerInfo
from .outcome import Outcome

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB1_CONTEXT = "https://w3id.org/openbadges/v1"
HOSTED = {"hosted", "HostedBadge"}
SIGNED = {"signed", "SignedBadge"}
MAX_DOCUMENT_BYTES = 1024 * 1024
MAX_ENDORSEMENTS_FETCHED = 5


class Unavailable(Exception):
    """A document could not be fetched (offline, not found): could_not_check. ``code``
    and ``params`` name the reason (``fetch.<kind>``, wallet_core/i18n), and
    ``params["detail"]`` keeps the fetcher's own technical words."""

    def __init__(self, message: str, code: str | None = None, params: dict[str, str] | None = None):
        super().__init__(message)
        self.code = code
        self.params = params or {}


def _unavailable(what: str, url: str, kind: str, detail: str = "") -> Unavailable:
    """The reason a document could not be fetched, in plain words (fetch_reasons)."""
    return Unavailable(*unavailable(what, url, kind, detail))


_check = coded_check


class Invalid(Exception):
    """A document was fetched but is wrong: the check fails."""


def _assertion_shaped(doc: dict) -> bool:
    return isinstance(doc, dict) and "recipient" in doc and "badge" in doc


def _context_names_openbadges(doc: dict) -> bool:
    return any(
        isinstance(c, str) and "w3id.org/openbadges" in c for c in as_list(doc.get("@context"))
    )


def claims(parsed: ParsedText) -> bool:
    if parsed.kind == "url":
        return True
    if parsed.kind == "jwt":
        payload = parsed.jwt_payload or {}
        return not parsed.disclosures and "vc" not in payload and _assertion_shaped(payload)
    doc = parsed.document
    if looks_like_vc(doc):
        return False
    return _assertion_shaped(doc) or ("Assertion" in types(doc) and _context_names_openbadges(doc))


@dataclass
class _Run:
    env: object
    fetched: dict[str, dict] = field(default_factory=dict)

    def fetch(self, url: object, what: str) -> dict:
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise Invalid(f"the {what} reference {str(url)[:80]!r} is not an http(s) URL")
        key = urldefrag(url)[0]
        if key in self.fetched:
            return self.fetched[key]
        if self.env.fetcher is None:
            raise _unavailable(what, url, "offline")
        try:
            body = self.env.fetcher.fetch(url)
        except FetchError as exc:
            raise _unavailable(what, url, getattr(exc, "kind", "unreachable"), str(exc)) from None
        if len(body) > MAX_DOCUMENT_BYTES:
            raise Invalid(f"{what} {url} is too large")
        try:
            doc = jsonsafe.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise Invalid(f"{what} {url} is not JSON") from None
        if not isinstance(doc, dict):
            raise Invalid(f"{what} {url} is not a JSON object")
        self.fetched[key] = doc
        return doc

    def node(self, value: object, what: str) -> tuple[dict, str | None]:
        """An embedded node, or the document fetched from its URL (with the URL)."""
        if isinstance(value, dict):
            return value, None
        doc = self.fetch(value, what)
        claimed = doc.get("id")
        if isinstance(claimed, str) and _host(claimed) not in (None, _host(value)):
            raise Invalid(
                f"the {what} fetched from {value} claims the id {claimed} on another host"
            )
        return doc, value


def _host(url: object) -> str | None:
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return None
    return (urlsplit(url).hostname or "").lower() or None


def _authority(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _version(doc: dict) -> str:
    ctx = as_list(doc.get("@context"))
    if OB1_CONTEXT in ctx or ("@context" not in doc and "verify" in doc):
        return "1"
    return "2"


def _verification(doc: dict) -> dict:
    value = doc.get("verification", doc.get("verify"))
    return value if isinstance(value, dict) else {}


def _verification_type(doc: dict) -> str | None:
    """The verification type; a list or an object names no verification method."""
    vtype = _verification(doc).get("type")
    return vtype if isinstance(vtype, str) else None


def _schema(doc: dict, version: str) -> Check:
    ctx = as_list(doc.get("@context"))
    if version == "2":
        if OB2_CONTEXT not in ctx:
            shown = ", ".join(str(c)[:80] for c in ctx if isinstance(c, str)) or "none"
            return Check("schema", "failed", f"the @context is not Open Badges 2.0 ({shown})")
        if "Assertion" not in types(doc):
            return Check("schema", "failed", f"type is {doc.get('type')!r}, not Assertion")
        if not isinstance(doc.get("id"), str):
            return Check("schema", "failed", "the assertion has no id")
    recipient = doc.get("recipient")
    if not isinstance(recipient, dict) or not isinstance(recipient.get("identity"), str):
        return Check("schema", "failed", "recipient.identity is missing")
    if not isinstance(recipient.get("type"), str):
        return Check("schema", "failed", "recipient.type is missing")
    if not isinstance(doc.get("badge"), (str, dict)):
        return Check("schema", "failed", "badge is missing")
    if _verification_type(doc) not in HOSTED | SIGNED:
        vtype = repr(_verification(doc).get("type"))[:80]
        return Check("schema", "failed", f"verification type {vtype} is not hosted or signed")
    if "issuedOn" not in doc:
        return Check("schema", "failed", "issuedOn is missing")
    image = doc.get("image")
    image_id = image.get("id") if isinstance(image, dict) else image
    if isinstance(image_id, str) and image_id.startswith("data:"):
        # OB 2.0: a BadgeClass image may be a data URI; an Assertion image is an IRI.
        return Check("schema", "failed", "an assertion image must be a URL, not a data: URI")
    extensions = [k for k in doc if k.startswith("extensions:")]
    if extensions:
        return Check(
            "schema",
            "could_not_check",
            "Open Badges extensions ("
            + ", ".join(extensions)
            + ") are validated against schemas Satchel does not hold",
        )
    return Check("schema", "passed", f"Open Badges {version}.x assertion fields are present")


def _proof_hosted(
    doc: dict, given: dict | None, run: _Run, version: str
) -> tuple[Check, str | None]:
    url = doc.get("id") if version == "2" else _verification(doc).get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return Check("proof", "failed", "a hosted assertion must be identified by its URL"), None
    try:
        hosted = run.fetch(url, "hosted assertion")
    except Unavailable as exc:
        return _check("proof", "could_not_check", exc), None
    except Invalid as exc:
        return Check("proof", "failed", str(exc)), None
    if given is not None and hosted != given:
        return Check(
            "proof", "failed", f"this copy differs from the issuer's hosted assertion at {url}"
        ), url
    claimed = hosted.get("id") if version == "2" else _verification(hosted).get("url")
    if claimed != url:
        return Check(
            "proof", "failed", f"the assertion hosted at {url} claims to be {claimed}"
        ), url
    return Check("proof", "passed", f"hosted by the issuer at {url}"), url


def _public_key(key_doc: dict, url: str):
    pem = key_doc.get("publicKeyPem")
    if not isinstance(pem, str):
        raise Invalid(f"the key {url} has no publicKeyPem")
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise Invalid(f"the key {url} is not a valid PEM public key: {exc}") from None
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        raise Invalid(f"the RSA key {url} is too small ({key.key_size} bits)")
    return key


def _proof_signed(
    parsed: ParsedText, doc: dict, run: _Run
) -> tuple[Check, dict | None, str | None]:
    if parsed.kind != "jwt":
        return (
            Check(
                "proof",
                "failed",
                "a signed assertion must come as its JWS; this copy has no signature",
            ),
            None,
            None,
        )
    creator = _verification(doc).get("creator") or _verification(doc).get("url")
    try:
        key_doc = run.fetch(creator, "signing key")
        key = _public_key(key_doc, creator)
    except Unavailable as exc:
        return _check("proof", "could_not_check", exc), None, creator
    except Invalid as exc:
        return Check("proof", "failed", str(exc)), None, creator
    alg = parsed.jwt_header.get("alg")
    try:
        ok = verify_compact(parsed.text, alg, key)
    except JoseError as exc:
        return Check("proof", "failed", str(exc)), None, creator
    if not ok:
        return (
            Check("proof", "failed", f"JWS {alg} signature does not match the assertion"),
            None,
            creator,
        )
    return (
        Check("proof", "passed", f"JWS {alg} signature is valid (key {creator})"),
        key_doc,
        creator,
    )


def _policy(issuer: dict) -> tuple[list[str], list[str] | None]:
    """(startsWith prefixes, allowedOrigins or None for the default)."""
    policy = issuer.get("verification")
    if not isinstance(policy, dict):
        return [], None
    starts = [s for s in as_list(policy.get("startsWith")) if isinstance(s, str)]
    allowed = policy.get("allowedOrigins")
    origins = (
        [o.lower() for o in as_list(allowed) if isinstance(o, str)] if allowed is not None else None
    )
    return starts, origins


def _issuer_hosted(assertion_url: str, issuer: dict, version: str) -> Check:
    issuer_id = issuer.get("id")
    if version == "1" and issuer_id is None:
        issuer_id = issuer.get("origin") or issuer.get("url")  # OB 1.0 IssuerOrganization
    starts, origins = _policy(issuer)
    if starts and not any(assertion_url.startswith(s) for s in starts):
        return Check(
            "issuer",
            "failed",
            f"{assertion_url} does not start with any prefix the issuer allows ({', '.join(starts)})",
        )
    if origins is None:
        if _host(issuer_id) is None:
            return Check(
                "issuer",
                "could_not_check",
                f"the issuer id {str(issuer_id)[:80]} has no web origin to check the hosting against",
            )
        origins = [_authority(issuer_id)]
    if _authority(assertion_url) not in origins:
        return Check(
            "issuer",
            "failed",
            f"{assertion_url} is not hosted on an origin the issuer allows ({', '.join(origins)})",
        )
    return Check("issuer", "passed", f"hosted on an origin the issuer {issuer_id} allows")


def _issuer_signed(key_doc: dict, creator: str, issuer: dict) -> Check:
    issuer_id = issuer.get("id")
    owner = key_doc.get("owner") or key_doc.get("controller")
    if owner != issuer_id:
        return Check(
            "issuer", "failed", f"the signing key belongs to {owner}, not to the issuer {issuer_id}"
        )
    listed = [k.get("id") if isinstance(k, dict) else k for k in as_list(issuer.get("publicKey"))]
    if creator not in listed and key_doc.get("id") not in listed:
        return Check(
            "issuer", "failed", f"the issuer profile {issuer_id} does not list the key {creator}"
        )
    return Check("issuer", "passed", f"signed with a key the issuer {issuer_id} lists")


def _status(
    doc: dict, hosted_copy: dict | None, issuer: dict | None, run: _Run, proof: Check
) -> Check:
    if proof.status == "failed":
        return Check(
            "status", "could_not_check", "status not checked because the proof is not valid"
        )
    if hosted_copy is not None and hosted_copy.get("revoked") is True:
        reason = hosted_copy.get("revocationReason")
        return Check(
            "status",
            "failed",
            "revoked by the issuer" + (f": {reason}" if isinstance(reason, str) else ""),
        )
    if issuer is None:
        return Check("status", "could_not_check", "the issuer profile was not available")
    list_url = issuer.get("revocationList")
    if list_url is None:
        if hosted_copy is None:
            return Check("status", "passed", "the issuer publishes no revocation list")
        return Check("status", "passed", "the issuer's hosted copy is not revoked")
    try:
        revocations = run.fetch(list_url, "revocation list")
    except Unavailable as exc:
        return _check("status", "could_not_check", exc)
    except Invalid as exc:
        return Check("status", "could_not_check", str(exc))
    ids = {doc.get("id"), doc.get("uid")} - {None}
    for item in as_list(revocations.get("revokedAssertions")):
        rid = item.get("id") if isinstance(item, dict) else item
        if rid in ids:
            reason = item.get("revocationReason") if isinstance(item, dict) else None
            return Check(
                "status",
                "failed",
                "revoked by the issuer" + (f": {reason}" if isinstance(reason, str) else ""),
            )
    return Check("status", "passed", f"not on the issuer's revocation list {list_url}")


def _endorsements(values, run: _Run) -> list[dict]:
    out = []
    for value in as_list(values)[: MAX_ENDORSEMENTS_FETCHED * 2]:
        if isinstance(value, dict):
            out.append(value)
        elif (
            isinstance(value, str)
            and len(out) < MAX_ENDORSEMENTS_FETCHED
            and run.env.fetcher is not None
        ):
            try:
                doc = run.fetch(value, "endorsement")
            except (Unavailable, Invalid):
                continue
            issuer = doc.get("issuer")
            if isinstance(issuer, str):
                try:
                    doc = {**doc, "issuer": run.fetch(issuer, "endorser profile")}
                except (Unavailable, Invalid):
                    pass
            out.append(doc)
    return out


def verify(parsed: ParsedText, env) -> Outcome:
    run = _Run(env)
    given: dict | None
    if parsed.kind == "url":
        try:
            doc = run.fetch(parsed.text, "hosted assertion")
        except (Unavailable, Invalid) as exc:
            status = "could_not_check" if isinstance(exc, Unavailable) else "failed"
            checks = [
                Check("format", "passed", "Open Badges hosted assertion URL"),
                _check("proof", status, exc),
            ]
            return Outcome(format="ob2-hosted", checks=checks, issuer=IssuerInfo(), subject=None)
        given = None
    elif parsed.kind == "jwt":
        doc, given = parsed.jwt_payload, None
    else:
        doc = given = parsed.document
    version = _version(doc)
    vtype = _verification_type(doc)
    kind = "signed" if parsed.kind == "jwt" or vtype in SIGNED else "hosted"
    checks = [
        Check("format", "passed", f"Open Badges {version}.x {kind} assertion"),
        _schema(doc, version),
    ]

    badge: dict = {}
    issuer: dict | None = None
    problem: Check | None = None
    try:
        badge, _ = run.node(doc.get("badge"), "badge class")
        if version == "2" and "BadgeClass" not in types(badge):
            raise Invalid(
                f"the badge {badge.get('id')} is of type {badge.get('type')!r}, not BadgeClass"
            )
        issuer, _ = run.node(badge.get("issuer"), "issuer profile")
        if version == "2" and not {"Issuer", "Profile"} & set(types(issuer)):
            raise Invalid(
                f"the issuer {issuer.get('id')} is of type {issuer.get('type')!r}, not Issuer"
            )
    except Unavailable as exc:
        problem = _check("issuer", "could_not_check", exc)
    except Invalid as exc:
        problem = Check("issuer", "failed", str(exc))

    hosted_copy = None
    if kind == "hosted":
        proof, assertion_url = _proof_hosted(doc, given, run, version)
        if proof.status == "passed":
            hosted_copy = run.fetched.get(urldefrag(assertion_url)[0])
        if problem is not None:
            issuer_check = problem
        elif proof.status != "passed":
            issuer_check = Check(
                "issuer", "could_not_check", "the hosted assertion was not confirmed"
            )
        else:
            issuer_check = _issuer_hosted(assertion_url, issuer, version)
    else:
        proof, key_doc, creator = _proof_signed(parsed, doc, run)
        if problem is not None:
            issuer_check = problem
        elif key_doc is None:
            issuer_check = Check(
                "issuer", "could_not_check", "no valid signature links a key to the issuer"
            )
        else:
            issuer_check = _issuer_signed(key_doc, creator, issuer)
    checks += [proof, issuer_check]
    checks.append(
        check_validity(doc.get("issuedOn"), doc.get("expires"), env, names=("issuedOn", "expires"))
    )
    checks.append(_status(doc, hosted_copy, issuer, run, proof))

    issuer = issuer or {}
    endorsements = _endorsements(
        as_list(badge.get("endorsement")) + as_list(doc.get("endorsement")), run
    )
    issuer_id = issuer.get("id") if isinstance(issuer.get("id"), str) else None
    recipient = doc.get("recipient") if isinstance(doc.get("recipient"), dict) else {}
    return Outcome(
        format=f"ob{version}-{kind}",
        checks=checks,
        issuer=IssuerInfo(
            id=issuer_id,
            name=issuer.get("name") if isinstance(issuer.get("name"), str) else None,
            trusted=env.options.trusted(issuer_id),
        ),
        subject=None if recipient.get("hashed") else recipient.get("identity"),
        display=display_for_ob2(doc, badge, issuer, endorsements),
    )
