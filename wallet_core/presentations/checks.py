"""The presentation checks, one function each, by the rule set of decision D6
(``pwa/src/wallet/checkvp.js`` follows the same rules and emits the same codes;
``tests/vectors/presentations.json`` holds both to it).

- ``holder_signature``: a VP-JWT is signed (EdDSA or ES256) by its ``iss``, a
  ``did:key`` or ``did:jwk`` resolved locally; an SD-JWT+KB's key binding JWT
  (``typ`` ``kb+jwt``) is signed by the ``cnf.jwk`` key and its ``sd_hash``
  covers exactly the presented disclosures.
- ``audience``: ``aud`` equals the expected audience; none expected is
  ``could_not_check``.
- ``nonce``: ``nonce`` equals the expected nonce. None expected is
  ``could_not_check`` — for the in-person audience ``satchel:offline`` with its
  own code, because the nonce was made on the holder's phone.
- ``freshness``: ``iat`` is required; the latest start (``iat``, ``nbf``,
  ``vp.validFrom``/``issuanceDate``) is not after now + skew, ``iat`` is not
  older than ``max_presentation_age`` (15 minutes, the in-person code lifetime)
  + skew, the earliest end (``exp``, ``vp.validUntil``/``expirationDate``) is not
  before now − skew, and the end is not before the start.
"""

from __future__ import annotations

import json
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from .. import reasons
from ..dates import iso, parse_epoch
from ..encoding import b64url_encode
from ..errors import MalformedInput
from ..jose import JoseError, verify_compact
from ..keys import KeyInvalid, KeyUnavailable, from_jwk
from ..options import VerifyOptions
from ..sdjwt import SdJwtError, SdJwtParts, digest, split
from ..validity import END_FIELDS, START_FIELDS, decide, epoch_fields, iso_fields
from ..verdict import FAILED, PASSED, Check, Verdict
from ..verification_method import resolve as resolve_method
from .model import HOLDER_METHODS, IN_PERSON_AUDIENCE, PRESENTATION_ALGS
from .reading import aud, jwt_parts

UNKNOWN = "could_not_check"


def _show(value, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text[:limit]


# --- audience and nonce ------------------------------------------------------------


def audience_check(claims: dict, options: VerifyOptions) -> Check:
    got = aud(claims.get("aud"))
    if options.audience is None:
        return reasons.check("audience", UNKNOWN, "presentation.audience_not_expected")
    if got == options.audience:
        return reasons.check("audience", PASSED, "presentation.audience_match", audience=got)
    return reasons.check(
        "audience", FAILED, "presentation.audience_other",
        audience=_show(claims.get("aud")), expected=options.audience,
    )


def nonce_check(claims: dict, options: VerifyOptions) -> Check:
    if options.nonce is None:
        if options.audience == IN_PERSON_AUDIENCE:
            return reasons.check("nonce", UNKNOWN, "presentation.nonce_in_person")
        return reasons.check("nonce", UNKNOWN, "presentation.nonce_not_expected")
    if claims.get("nonce") == options.nonce:
        return reasons.check("nonce", PASSED, "presentation.nonce_match")
    return reasons.check("nonce", FAILED, "presentation.nonce_other")


def context_checks(
    claims: dict, vp: dict | None, options: VerifyOptions, moment: datetime, accepted: bool
) -> list[Check]:
    return [
        audience_check(claims, options),
        nonce_check(claims, options),
        freshness_check(claims, vp, options, moment, accepted),
    ]


# --- freshness ---------------------------------------------------------------------


def freshness_check(claims: dict, vp: dict | None, options: VerifyOptions, moment: datetime, accepted: bool) -> Check:
    """The presentation's own dates, by the same rule as a credential's, and ``iat``
    not older than ``max_presentation_age`` (both with ``max_clock_skew``)."""
    iat = parse_epoch(claims.get("iat"))
    if iat is None:
        return reasons.check("freshness", FAILED, "presentation.no_iat")
    vp = vp if isinstance(vp, dict) else {}
    dates = decide(
        epoch_fields(claims, "iat", "nbf") + iso_fields(vp, *START_FIELDS),
        epoch_fields(claims, "exp") + iso_fields(vp, *END_FIELDS),
    )
    skew = options.max_clock_skew
    if dates.bad is not None:
        return reasons.check(
            "freshness", FAILED, "presentation.bad_date", field=dates.bad.name, value=_show(dates.bad.value, 40)
        )
    if dates.start > moment + skew:
        if dates.start_field == "iat":
            return reasons.check("freshness", FAILED, "presentation.future", iat=iso(iat))
        return reasons.check(
            "freshness", FAILED, "presentation.not_yet", **{"from": dates.start_text, "from_field": dates.start_field}
        )
    if iat < moment - options.max_presentation_age - skew:
        minutes = int(options.max_presentation_age.total_seconds() // 60)
        return reasons.check("freshness", FAILED, "presentation.too_old", iat=iso(iat), minutes=minutes)
    if dates.end is not None and dates.end < moment - skew:
        return reasons.check(
            "freshness", FAILED, "presentation.expired", until=dates.end_text, until_field=dates.end_field
        )
    if dates.end is not None and dates.end < dates.start:
        return reasons.check(
            "freshness", FAILED, "presentation.inverted", until=dates.end_text, **{"from": dates.start_text}
        )
    code = "presentation.fresh_when_accepted" if accepted else "presentation.fresh"
    return reasons.check("freshness", PASSED, code, iat=iso(iat))


# --- the holder's signature --------------------------------------------------------


def same_key(a, b) -> bool:
    if isinstance(a, ed25519.Ed25519PublicKey) and isinstance(b, ed25519.Ed25519PublicKey):
        return a.public_bytes_raw() == b.public_bytes_raw()
    if isinstance(a, ec.EllipticCurvePublicKey) and isinstance(b, ec.EllipticCurvePublicKey):
        return a.public_numbers() == b.public_numbers()
    return False


def did_key(did: str):
    """The single public key of a did:key / did:jwk (local resolution only)."""
    if not isinstance(did, str) or not did.startswith(HOLDER_METHODS):
        raise reasons.error(KeyInvalid, "presentation.holder_method", holder=repr(did)[:40])
    return resolve_method(did, None).public_key


def vp_holder_signature(text: str, header: dict, payload: dict, vp: dict) -> Check:
    """A VP-JWT: signed by its ``iss`` (which ``vp.holder``, when given, repeats)."""
    holder = payload.get("iss") if isinstance(payload.get("iss"), str) else None
    vp_holder = vp.get("holder")
    if vp_holder is not None and vp_holder != holder:
        return reasons.check(
            "holder_signature", FAILED, "presentation.holder_not_signer",
            vp_holder=_show(vp_holder), holder=_show(holder),
        )
    if holder is None:
        return reasons.check("holder_signature", FAILED, "presentation.no_holder")
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in PRESENTATION_ALGS:
        return reasons.check(
            "holder_signature", FAILED, "presentation.bad_alg", alg=_show(alg), accepted=", ".join(PRESENTATION_ALGS)
        )
    if not holder.startswith(HOLDER_METHODS):
        return reasons.check("holder_signature", FAILED, "presentation.holder_method", holder=_show(holder, 40))
    kid = header.get("kid")
    if kid is None:
        method = holder
    elif isinstance(kid, str) and kid.startswith("#"):
        method = holder + kid
    elif isinstance(kid, str) and kid.split("#")[0] == holder:
        method = kid
    else:
        return reasons.check("holder_signature", FAILED, "presentation.other_key", kid=_show(kid), holder=holder)
    try:
        key = resolve_method(method, None)
        ok = verify_compact(text, alg, key.public_key)
    except (KeyInvalid, KeyUnavailable, JoseError, ValueError) as exc:
        return reasons.check("holder_signature", FAILED, "presentation.key_unusable", error=str(exc))
    if not ok:
        return reasons.check("holder_signature", FAILED, "presentation.signature_mismatch")
    return reasons.check("holder_signature", PASSED, "presentation.holder_signed", holder=holder)


def sd_jwt_cnf_key(text: str):
    try:
        parts = split(text)
        _h, payload = jwt_parts(parts.issuer_jwt, "SD-JWT")
    except (SdJwtError, MalformedInput):
        return None
    cnf = payload.get("cnf")
    if isinstance(cnf, dict) and isinstance(cnf.get("jwk"), dict):
        try:
            return from_jwk(cnf["jwk"])
        except KeyInvalid:
            return None
    return None


def kb_holder_signature(parts: SdJwtParts, kb_header: dict, kb: dict, cnf_key) -> Check:
    """An SD-JWT+KB: the key binding JWT is signed by the ``cnf`` key and covers
    exactly these disclosures (``sd_hash``)."""
    if cnf_key is None:
        return reasons.check("holder_signature", FAILED, "presentation.no_cnf")
    if kb_header.get("typ") != "kb+jwt":
        return reasons.check("holder_signature", FAILED, "presentation.kb_typ")
    try:
        ok = verify_compact(parts.kb_jwt, kb_header.get("alg"), cnf_key)
    except JoseError:
        ok = False
    if not ok:
        return reasons.check("holder_signature", FAILED, "presentation.kb_signature")
    if kb.get("sd_hash") != digest(parts.presented):
        return reasons.check("holder_signature", FAILED, "presentation.sd_hash")
    return reasons.check("holder_signature", PASSED, "presentation.kb_signed")


def holder_did(subject: str | None, cnf_key) -> str:
    """The disclosed ``sub`` when it is a did:key/did:jwk of the cnf key, else a did:jwk of it."""
    if subject and subject.startswith(HOLDER_METHODS):
        try:
            if same_key(did_key(subject), cnf_key):
                return subject
        except (KeyInvalid, KeyUnavailable, ValueError):
            pass
    from ..sdjwt import public_jwk

    jwk = public_jwk(cnf_key)
    return "did:jwk:" + b64url_encode(json.dumps(jwk, separators=(",", ":")).encode())


# --- holder binding ----------------------------------------------------------------


def holder_binding(verdict: Verdict, text: str, holder: str | None, holder_key) -> Check:
    """A credential in a VP-JWT was issued to the holder who signed it."""
    if holder is None or holder_key is None:
        return reasons.check("holder_binding", FAILED, "holder_binding.unidentified")
    if verdict.format == "sd-jwt-vc":
        cnf_key = sd_jwt_cnf_key(text)
        if cnf_key is not None:
            if same_key(cnf_key, holder_key):
                return reasons.check("holder_binding", PASSED, "holder_binding.cnf_match")
            return reasons.check("holder_binding", FAILED, "holder_binding.cnf_other")
    subject = verdict.subject
    if subject is None:
        return reasons.check("holder_binding", FAILED, "holder_binding.no_subject")
    if subject == holder:
        return reasons.check("holder_binding", PASSED, "holder_binding.subject_match", holder=holder)
    return reasons.check(
        "holder_binding", FAILED, "holder_binding.subject_other", subject=subject, holder=holder
    )


def kb_holder_binding(signature: Check, holder: str | None) -> Check:
    """An SD-JWT+KB presented alone: bound when its key binding checked out."""
    if holder is not None and signature.status == PASSED:
        return reasons.check("holder_binding", PASSED, "holder_binding.cnf_presented")
    return reasons.check("holder_binding", FAILED, "holder_binding.cnf_not_presented")
