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

from .. import jsonsafe, reasons
from ..display import display_for_ob2
from ..fetch_reasons import unavailable
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
# What a fetched document is, as a phrase code of wallet_core/i18n (what.*).
HOSTED_ASSERTION = "what.hosted_assertion"


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
            raise reasons.error(Invalid, "doc.not_url", what_code=what, ref=repr(str(url)[:80]))
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
            raise reasons.error(Invalid, "doc.too_large", what_code=what, url=url)
        try:
            doc = jsonsafe.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise reasons.error(Invalid, "doc.not_json", what_code=what, url=url) from None
        if not isinstance(doc, dict):
            raise reasons.error(Invalid, "doc.not_object", what_code=what, url=url)
        self.fetched[key] = doc
        return doc

    def node(self, value: object, what: str) -> tuple[dict, str | None]:
        """An embedded node, or the document fetched from its URL (with the URL)."""
        if isinstance(value, dict):
            return value, None
        doc = self.fetch(value, what)
        claimed = doc.get("id")
        if isinstance(claimed, str) and _host(claimed) not in (None, _host(value)):
            raise reasons.error(
                Invalid, "doc.other_host", what_code=what, url=value, claimed=claimed
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
            shown = ", ".join(str(c)[:80] for c in ctx if isinstance(c, str))
            if not shown:
                return reasons.check("schema", "failed", "ob2.no_context")
            return reasons.check("schema", "failed", "ob2.context", shown=shown)
        if "Assertion" not in types(doc):
            return reasons.check("schema", "failed", "ob2.not_assertion", type=repr(doc.get("type")))
        if not isinstance(doc.get("id"), str):
            return reasons.check("schema", "failed", "ob2.no_id")
    recipient = doc.get("recipient")
    if not isinstance(recipient, dict) or not isinstance(recipient.get("identity"), str):
        return reasons.check("schema", "failed", "ob2.no_recipient_identity")
    if not isinstance(recipient.get("type"), str):
        return reasons.check("schema", "failed", "ob2.no_recipient_type")
    if not isinstance(doc.get("badge"), (str, dict)):
        return reasons.check("schema", "failed", "ob2.no_badge")
    if _verification_type(doc) not in HOSTED | SIGNED:
        vtype = repr(_verification(doc).get("type"))[:80]
        return reasons.check("schema", "failed", "ob2.verification_type", type=vtype)
    if "issuedOn" not in doc:
        return reasons.check("schema", "failed", "ob2.no_issued_on")
    image = doc.get("image")
    image_id = image.get("id") if isinstance(image, dict) else image
    if isinstance(image_id, str) and image_id.startswith("data:"):
        # OB 2.0: a BadgeClass image may be a data URI; an Assertion image is an IRI.
        return reasons.check("schema", "failed", "ob2.image_data_uri")
    extensions = [k for k in doc if k.startswith("extensions:")]
    if extensions:
        return reasons.check(
            "schema", "could_not_check", "ob2.extensions", extensions=", ".join(extensions)
        )
    return reasons.check("schema", "passed", "ob2.schema_ok", version=version)


def _proof_hosted(
    doc: dict, given: dict | None, run: _Run, version: str
) -> tuple[Check, str | None]:
    url = doc.get("id") if version == "2" else _verification(doc).get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://")):
        return reasons.check("proof", "failed", "ob2.hosted_no_url"), None
    try:
        hosted = run.fetch(url, HOSTED_ASSERTION)
    except Unavailable as exc:
        return reasons.from_exc("proof", "could_not_check", exc), None
    except Invalid as exc:
        return reasons.from_exc("proof", "failed", exc), None
    if given is not None and hosted != given:
        return reasons.check("proof", "failed", "ob2.hosted_differs", url=url), url
    claimed = hosted.get("id") if version == "2" else _verification(hosted).get("url")
    if claimed != url:
        return reasons.check("proof", "failed", "ob2.hosted_claims", url=url, claimed=claimed), url
    return reasons.check("proof", "passed", "ob2.hosted_ok", url=url), url


def _public_key(key_doc: dict, url: str):
    pem = key_doc.get("publicKeyPem")
    if not isinstance(pem, str):
        raise reasons.error(Invalid, "ob2.key_no_pem", url=url)
    try:
        key = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise reasons.error(Invalid, "ob2.key_bad_pem", url=url) from None
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < 2048:
        raise reasons.error(Invalid, "ob2.key_small", url=url, bits=key.key_size)
    return key


def _proof_signed(
    parsed: ParsedText, doc: dict, run: _Run
) -> tuple[Check, dict | None, str | None]:
    if parsed.kind != "jwt":
        return (
            reasons.check("proof", "failed", "ob2.jws_missing"),
            None,
            None,
        )
    creator = _verification(doc).get("creator") or _verification(doc).get("url")
    try:
        key_doc = run.fetch(creator, "what.signing_key")
        key = _public_key(key_doc, creator)
    except Unavailable as exc:
        return reasons.from_exc("proof", "could_not_check", exc), None, creator
    except Invalid as exc:
        return reasons.from_exc("proof", "failed", exc), None, creator
    alg = parsed.jwt_header.get("alg")
    try:
        ok = verify_compact(parsed.text, alg, key)
    except JoseError as exc:
        return reasons.from_exc("proof", "failed", exc), None, creator
    if not ok:
        return (reasons.check("proof", "failed", "ob2.jws_mismatch", alg=alg), None, creator)
    return (
        reasons.check("proof", "passed", "ob2.jws_valid", alg=alg, key=creator),
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
        return reasons.check(
            "issuer", "failed", "ob2.prefix", url=assertion_url, allowed=", ".join(starts)
        )
    if origins is None:
        if _host(issuer_id) is None:
            return reasons.check(
                "issuer", "could_not_check", "ob2.no_origin", issuer=str(issuer_id)[:80]
            )
        origins = [_authority(issuer_id)]
    if _authority(assertion_url) not in origins:
        return reasons.check(
            "issuer", "failed", "ob2.origin", url=assertion_url, allowed=", ".join(origins)
        )
    return reasons.check("issuer", "passed", "ob2.origin_ok", issuer=issuer_id)


def _issuer_signed(key_doc: dict, creator: str, issuer: dict) -> Check:
    issuer_id = issuer.get("id")
    owner = key_doc.get("owner") or key_doc.get("controller")
    if owner != issuer_id:
        return reasons.check("issuer", "failed", "ob2.key_owner", owner=owner, issuer=issuer_id)
    listed = [k.get("id") if isinstance(k, dict) else k for k in as_list(issuer.get("publicKey"))]
    if creator not in listed and key_doc.get("id") not in listed:
        return reasons.check(
            "issuer", "failed", "ob2.key_not_listed", issuer=issuer_id, key=creator
        )
    return reasons.check("issuer", "passed", "ob2.key_listed", issuer=issuer_id)


def _status(
    doc: dict, hosted_copy: dict | None, issuer: dict | None, run: _Run, proof: Check
) -> Check:
    if proof.status == "failed":
        return reasons.check("status", "could_not_check", "status.proof_invalid")
    if hosted_copy is not None and hosted_copy.get("revoked") is True:
        return _revoked(hosted_copy.get("revocationReason"))
    if issuer is None:
        return reasons.check("status", "could_not_check", "status.no_issuer_profile")
    list_url = issuer.get("revocationList")
    if list_url is None:
        if hosted_copy is None:
            return reasons.check("status", "passed", "status.no_revocation_list")
        return reasons.check("status", "passed", "status.hosted_not_revoked")
    try:
        revocations = run.fetch(list_url, "what.revocation_list")
    except (Unavailable, Invalid) as exc:
        return reasons.from_exc("status", "could_not_check", exc)
    ids = {doc.get("id"), doc.get("uid")} - {None}
    for item in as_list(revocations.get("revokedAssertions")):
        rid = item.get("id") if isinstance(item, dict) else item
        if rid in ids:
            return _revoked(item.get("revocationReason") if isinstance(item, dict) else None)
    return reasons.check("status", "passed", "status.not_on_issuer_list", list=list_url)


def _revoked(reason: object) -> Check:
    if isinstance(reason, str):
        return reasons.check("status", "failed", "status.revoked_by_issuer_reason", reason=reason)
    return reasons.check("status", "failed", "status.revoked_by_issuer")


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
                doc = run.fetch(value, "what.endorsement")
            except (Unavailable, Invalid):
                continue
            issuer = doc.get("issuer")
            if isinstance(issuer, str):
                try:
                    doc = {**doc, "issuer": run.fetch(issuer, "what.endorser_profile")}
                except (Unavailable, Invalid):
                    pass
            out.append(doc)
    return out


def verify(parsed: ParsedText, env) -> Outcome:
    run = _Run(env)
    given: dict | None
    if parsed.kind == "url":
        try:
            doc = run.fetch(parsed.text, HOSTED_ASSERTION)
        except (Unavailable, Invalid) as exc:
            status = "could_not_check" if isinstance(exc, Unavailable) else "failed"
            checks = [
                reasons.check("format", "passed", "ob2.format_url"),
                reasons.from_exc("proof", status, exc),
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
        reasons.check("format", "passed", f"ob2.format_{kind}", version=version),
        _schema(doc, version),
    ]

    badge: dict = {}
    issuer: dict | None = None
    problem: Check | None = None
    try:
        badge, _ = run.node(doc.get("badge"), "what.badge_class")
        if version == "2" and "BadgeClass" not in types(badge):
            raise reasons.error(
                Invalid, "ob2.badge_type", id=badge.get("id"), type=repr(badge.get("type"))
            )
        issuer, _ = run.node(badge.get("issuer"), "what.issuer_profile")
        if version == "2" and not {"Issuer", "Profile"} & set(types(issuer)):
            raise reasons.error(
                Invalid, "ob2.issuer_type", id=issuer.get("id"), type=repr(issuer.get("type"))
            )
    except Unavailable as exc:
        problem = reasons.from_exc("issuer", "could_not_check", exc)
    except Invalid as exc:
        problem = reasons.from_exc("issuer", "failed", exc)

    hosted_copy = None
    if kind == "hosted":
        proof, assertion_url = _proof_hosted(doc, given, run, version)
        if proof.status == "passed":
            hosted_copy = run.fetched.get(urldefrag(assertion_url)[0])
        if problem is not None:
            issuer_check = problem
        elif proof.status != "passed":
            issuer_check = reasons.check("issuer", "could_not_check", "issuer.hosted_unconfirmed")
        else:
            issuer_check = _issuer_hosted(assertion_url, issuer, version)
    else:
        proof, key_doc, creator = _proof_signed(parsed, doc, run)
        if problem is not None:
            issuer_check = problem
        elif key_doc is None:
            issuer_check = reasons.check("issuer", "could_not_check", "issuer.no_key_link")
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
