"""VC-JWT (VC data model 1.1 ``vc`` claim, and VC-as-payload as in VC-JOSE / OB 3.0)."""

from __future__ import annotations

from .. import dids, reasons
from ..display import display_for_vc
from ..issuer_binding import check_issuer
from ..jose import JoseError, verify_compact
from ..keys import KeyInvalid, KeyUnavailable, VerificationKey, from_jwk
from ..parse import ParsedText
from ..status import check_status
from ..validity import (
    END_FIELDS,
    START_FIELDS,
    Dates,
    decide,
    display_with_dates,
    epoch_fields,
    iso_fields,
    judge,
)
from ..vc_model import family, issuer_id, issuer_name, looks_like_vc, subject_id
from ..vc_schema import check_schema
from ..verdict import Check, IssuerInfo
from ..verification_method import resolve as resolve_method
from .outcome import Outcome
from .vc_ldp import list_signature

FORMAT_NAMES = {"ob3": "ob3-jwt", "clr2": "clr2-jwt", "vc": "vc-jwt"}
LABELS = {
    "ob3": "Open Badges 3.0 credential",
    "clr2": "CLR 2.0 credential",
    "vc": "Verifiable Credential",
}


def credential_of(parsed: ParsedText) -> dict | None:
    payload = parsed.jwt_payload or {}
    if isinstance(payload.get("vc"), dict):
        return payload["vc"]
    if looks_like_vc(payload):
        return payload
    return None


def claims(parsed: ParsedText) -> bool:
    return parsed.kind == "jwt" and not parsed.disclosures and credential_of(parsed) is not None


def _key(header: dict, payload: dict, doc: dict, env) -> VerificationKey:
    issuer = payload.get("iss") or issuer_id(doc)
    kid = header.get("kid")
    if isinstance(kid, str) and kid.startswith("did:"):
        if "#" not in kid and isinstance(issuer, str) and issuer.startswith("did:"):
            kid = f"{issuer}{kid}" if kid.startswith("#") else kid
        return resolve_method(kid, env.fetcher)
    if (
        isinstance(kid, str)
        and kid.startswith("#")
        and isinstance(issuer, str)
        and issuer.startswith("did:")
    ):
        return resolve_method(issuer + kid, env.fetcher)
    if isinstance(header.get("jwk"), dict):
        return VerificationKey(
            public_key=from_jwk(header["jwk"]),
            method_id="jwk in the JWT header",
            controller=issuer or "",
            controller_proven=False,
            how="key embedded in the JWT header",
            how_params={"how_code": "key.jwt_header"},
        )
    if isinstance(issuer, str) and issuer.startswith("did:"):
        doc_ = dids.resolve(issuer, env.fetcher)
        methods = [m for m in doc_.get("verificationMethod", []) if isinstance(m, dict)]
        if len(methods) == 1:
            return resolve_method(
                methods[0]["id"] if "#" in methods[0]["id"] else issuer + methods[0]["id"],
                env.fetcher,
            )
        raise reasons.error(KeyInvalid, "key.several_no_kid", issuer=issuer)
    raise reasons.error(KeyUnavailable, "key.jwt_none")


def _proof(parsed: ParsedText, doc: dict, env) -> tuple[Check, list[VerificationKey]]:
    header, payload = parsed.jwt_header, parsed.jwt_payload
    alg = header.get("alg")
    try:
        key = _key(header, payload, doc, env)
    except KeyUnavailable as exc:
        return reasons.from_exc("proof", "could_not_check", exc), []
    except KeyInvalid as exc:
        return reasons.from_exc("proof", "failed", exc), []
    try:
        ok = verify_compact(parsed.text, alg, key.public_key)
    except JoseError as exc:
        return reasons.from_exc("proof", "failed", exc), []
    if not ok:
        return reasons.check("proof", "failed", "proof.jwt_mismatch", alg=alg), []
    params = {"alg": alg, "how": key.how, **key.how_params}
    return reasons.check("proof", "passed", "proof.jwt_valid", **params), [key]


def jwt_dates(doc: dict, payload: dict) -> Dates:
    """The credential's own dates and the JWT's: all of them count (the JWT claims
    are signed as much as the credential's). ``iat`` is a start: a credential
    signed in the future is not valid yet."""
    starts = iso_fields(doc, *START_FIELDS) + epoch_fields(payload, "nbf", "iat")
    ends = iso_fields(doc, *END_FIELDS) + epoch_fields(payload, "exp")
    return decide(starts, ends)


def verify(parsed: ParsedText, env) -> Outcome:
    doc = credential_of(parsed)
    payload = parsed.jwt_payload
    kind = family(doc)
    checks = [
        reasons.check(
            "format",
            "passed",
            "format.jwt",
            family=LABELS[kind],
            family_code=f"family.{kind}",
            alg=parsed.jwt_header.get("alg"),
        )
    ]
    schema = check_schema(doc)
    iss = payload.get("iss")
    if iss is not None and issuer_id(doc) is not None and iss != issuer_id(doc):
        schema = reasons.check(
            "schema", "failed", "schema.jwt_iss", iss=iss, issuer=issuer_id(doc)
        )
    checks.append(schema)
    proof, keys = _proof(parsed, doc, env)
    checks.append(proof)
    issuer = issuer_id(doc) or (iss if isinstance(iss, str) else None)
    checks.append(check_issuer(issuer, proof.status, keys, env))
    dates = jwt_dates(doc, payload)
    checks.append(judge(dates, env))
    # Status list credentials are Data Integrity-signed VCs, checked as such.
    checks.append(check_status(doc, proof.status, env, list_signature))
    return Outcome(
        format=FORMAT_NAMES[kind],
        checks=checks,
        issuer=IssuerInfo(
            id=issuer, name=issuer_name(doc), trusted=env.options.trusted(issuer)
        ),
        subject=subject_id(doc) or payload.get("sub"),
        display=display_with_dates(display_for_vc(doc), dates),
    )
