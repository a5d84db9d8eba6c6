"""SD-JWT VC (IETF): issuer-signed JWT, selective disclosures, optional key binding.

Issuer keys: a DID (``kid`` or ``iss``: did:key, did:jwk, did:web through the
fetcher) or, for an https ``iss``, the JWT VC issuer metadata at
``/.well-known/jwt-vc-issuer`` fetched through the injected fetcher (offline:
could_not_check).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .. import dids, jsonsafe, reasons
from ..dates import epoch_iso
from ..display import _credits, _text, hours_text
from ..fetch_reasons import unavailable
from ..fetcher import FetchError
from ..jose import JoseError, verify_compact
from ..keys import KeyInvalid, KeyUnavailable, VerificationKey, from_jwk
from ..parse import ParsedText
from ..sdjwt import SdJwtError, check_key_binding, reveal, split
from ..status import token_status_list
from ..validity import decide, display_with_dates, epoch_fields, judge
from ..vc_model import as_list
from ..verdict import AchievementResult, Alignment, Display, IssuerInfo
from ..verification_method import resolve as resolve_method
from .outcome import Outcome

SD_JWT_TYPES = {"vc+sd-jwt", "dc+sd-jwt", "sd-jwt", "example+sd-jwt"}


def claims(parsed: ParsedText) -> bool:
    if parsed.kind != "jwt":
        return False
    typ = str(parsed.jwt_header.get("typ", "")).lower()
    return "~" in parsed.text or typ in SD_JWT_TYPES or "_sd" in parsed.jwt_payload


def _metadata_url(iss: str) -> str:
    parts = urlsplit(iss)
    path = parts.path.rstrip("/")
    return f"https://{parts.netloc}/.well-known/jwt-vc-issuer{path}"


def _fetch_json(url: str, env, what: str = "issuer metadata") -> dict:
    if env.fetcher is None:
        raise KeyUnavailable(*unavailable(what, url, "offline"))
    try:
        doc = jsonsafe.loads(env.fetcher.fetch(url))
    except FetchError as exc:
        raise KeyUnavailable(*unavailable(what, url, getattr(exc, "kind", "unreachable"), str(exc))) from None
    except ValueError:
        raise reasons.error(KeyInvalid, "url.not_json", url=url) from None
    if not isinstance(doc, dict):
        raise reasons.error(KeyInvalid, "url.not_object", url=url)
    return doc


def _issuer_key(header: dict, payload: dict, env) -> VerificationKey:
    iss = payload.get("iss")
    kid = header.get("kid")
    if isinstance(kid, str) and kid.startswith("did:"):
        return resolve_method(kid, env.fetcher)
    if isinstance(iss, str) and iss.startswith("did:"):
        if isinstance(kid, str) and kid.startswith("#"):
            return resolve_method(iss + kid, env.fetcher)
        doc = dids.resolve(iss, env.fetcher)
        methods = [m for m in doc.get("verificationMethod", []) if isinstance(m, dict)]
        if len(methods) != 1:
            raise reasons.error(KeyInvalid, "key.several_no_kid", issuer=iss)
        mid = methods[0].get("id", "")
        return resolve_method(mid if mid.startswith("did:") else iss + mid, env.fetcher)
    if isinstance(iss, str) and iss.startswith("https://"):
        url = _metadata_url(iss)
        meta = _fetch_json(url, env)
        if meta.get("issuer") != iss:
            raise reasons.error(
                KeyInvalid, "key.metadata_other", url=url, other=repr(meta.get("issuer"))
            )
        jwks = meta.get("jwks")
        if jwks is None and isinstance(meta.get("jwks_uri"), str):
            jwks = _fetch_json(meta["jwks_uri"], env, "issuer key set")
        keys = [k for k in (jwks or {}).get("keys", []) if isinstance(k, dict)]
        if kid is not None:
            keys = [k for k in keys if k.get("kid") == kid]
        if len(keys) != 1:
            raise reasons.error(KeyInvalid, "key.metadata_kid", issuer=iss, kid=repr(kid))
        return VerificationKey(
            public_key=from_jwk(keys[0]),
            method_id=f"{url}#{kid or ''}",
            controller=iss,
            controller_proven=True,
            how="key published in the issuer's metadata",
            how_params={"how_code": "key.issuer_metadata"},
        )
    if "x5c" in header:
        raise reasons.error(KeyUnavailable, "key.x5c")
    raise reasons.error(KeyInvalid, "key.sd_jwt_none")


def _display(claims_: dict) -> Display:
    achievement = claims_.get("achievement") if isinstance(claims_.get("achievement"), dict) else {}
    results = [
        AchievementResult(name=str(k), value=_text(v))
        for k, v in (claims_.get("results") or {}).items()
        if isinstance(claims_.get("results"), dict)
    ]
    return Display(
        name=_text(achievement.get("name") or claims_.get("name") or claims_.get("vct")),
        description=_text(achievement.get("description") or claims_.get("description")),
        criteria=_text(achievement.get("criteria") or claims_.get("criteria")),
        image=_text(achievement.get("image") or claims_.get("image")),
        achievement_type=_text(achievement.get("type")),
        issuer_name=_text(claims_.get("issuer_name")),
        issuer_id=_text(claims_.get("iss")),
        subject_id=_text(claims_.get("sub")),
        subject_name=_text(claims_.get("given_name") or claims_.get("subject_name")),
        issued=epoch_iso(claims_.get("iat")),
        expires=epoch_iso(claims_.get("exp")),
        learning_outcomes=[
            t for t in (_text(x) for x in (achievement.get("learning_outcomes") or [])) if t
        ],
        assessment=_text(achievement.get("assessment")),
        credits=_credits({"creditsAvailable": achievement.get("credits")}),
        workload_hours=hours_text(achievement.get("workload")),
        level=_text(achievement.get("level")),
        mode=_text(achievement.get("mode")),
        quality_assurance=_text(achievement.get("quality_assurance")),
        prerequisites=[t for t in (_text(x) for x in as_list(achievement.get("prerequisites"))) if t],
        stacks_into=[t for t in (_text(x) for x in as_list(achievement.get("stacks_into"))) if t],
        alignments=[
            Alignment(
                name=_text(a.get("name")),
                code=_text(a.get("code")),
                framework=_text(a.get("framework")),
                url=_text(a.get("url")),
            )
            for a in as_list(achievement.get("alignments"))
            if isinstance(a, dict)
        ],
        results=results,
        language=_text(claims_.get("lang")),
    )


def verify(parsed: ParsedText, env) -> Outcome:
    header, payload = parsed.jwt_header, parsed.jwt_payload
    iss = payload.get("iss") if isinstance(payload.get("iss"), str) else None
    checks = [reasons.check("format", "passed", "format.sd_jwt", alg=header.get("alg"))]
    try:
        parts = split(parsed.text)
    except SdJwtError as exc:
        parts = None
        checks.append(reasons.from_exc("schema", "failed", exc))
    disclosed: dict = {}
    if parts is not None:
        try:
            disclosed, paths = reveal(payload, parts.disclosures)
            if not isinstance(payload.get("vct"), str):
                checks.append(reasons.check("schema", "failed", "sd_jwt.no_vct"))
            elif paths:
                shown = ", ".join(sorted(paths))
                checks.append(reasons.check("schema", "passed", "sd_jwt.disclosures_ok", shown=shown))
            else:
                checks.append(reasons.check("schema", "passed", "sd_jwt.no_disclosures"))
        except SdJwtError as exc:
            checks.append(reasons.from_exc("schema", "failed", exc))

    keys: list[VerificationKey] = []
    try:
        key = _issuer_key(header, payload, env)
        if header.get("alg") not in ("EdDSA", "ES256", "RS256"):
            raise reasons.error(KeyInvalid, "key.alg_refused", alg=repr(header.get("alg")))
        if verify_compact(
            parts.issuer_jwt if parts else parsed.text, header.get("alg"), key.public_key
        ):
            proof = reasons.check(
                "proof", "passed", "proof.sd_jwt_valid", how=key.how, **key.how_params
            )
            keys.append(key)
        else:
            proof = reasons.check("proof", "failed", "proof.sd_jwt_mismatch")
    except KeyUnavailable as exc:
        proof = reasons.from_exc("proof", "could_not_check", exc)
    except (KeyInvalid, JoseError) as exc:
        proof = reasons.from_exc("proof", "failed", exc)
    checks.append(proof)

    if iss is None:
        checks.append(reasons.check("issuer", "failed", "sd_jwt.no_iss"))
    elif not keys:
        checks.append(
            reasons.check("issuer", "could_not_check", "issuer.no_key_link")
        )
    elif keys[0].controller == iss and keys[0].controller_proven:
        checks.append(reasons.check("issuer", "passed", "issuer.key_of_issuer", issuer=iss))
    else:
        checks.append(
            reasons.check(
                "issuer", "failed", "sd_jwt.key_of_other", controller=keys[0].controller, issuer=iss
            )
        )

    # nbf and iat start, exp ends; the latest start and the earliest end decide.
    # A disclosure should not carry these claims, but one that does was signed by
    # the issuer too (through its digest), so it counts as well.
    dates = decide(
        epoch_fields(payload, "nbf", "iat") + epoch_fields(disclosed, "nbf", "iat"),
        epoch_fields(payload, "exp") + epoch_fields(disclosed, "exp"),
    )
    checks.append(judge(dates, env))
    if "status" in payload:
        if proof.status != "passed":
            checks.append(
                reasons.check("status", "could_not_check", "status.signature_invalid")
            )
        else:
            checks.append(
                token_status_list.check(
                    payload, iss, lambda h, c: _issuer_key(h, c, env), env
                )
            )
    else:
        checks.append(reasons.check("status", "passed", "status.none"))

    options = env.options
    if parts is not None and parts.kb_jwt is not None:
        skew = int(options.max_clock_skew.total_seconds())
        try:
            aud = check_key_binding(
                parts,
                payload,
                now=int(env.now.timestamp()),
                skew=skew,
                audience=options.audience,
                nonce=options.nonce,
                max_age=int(options.max_presentation_age.total_seconds()),
            )
            if options.audience is None or options.nonce is None:
                checks.append(
                    reasons.check("holder_binding", "could_not_check", "kb.ok_no_challenge", aud=aud)
                )
            else:
                checks.append(reasons.check("holder_binding", "passed", "kb.ok", aud=aud))
        except SdJwtError as exc:
            checks.append(reasons.from_exc("holder_binding", "failed", exc))
    elif options.require_holder_binding:
        checks.append(
            reasons.check("holder_binding", "failed", "holder_binding.no_kb_jwt")
        )

    return Outcome(
        format="sd-jwt-vc",
        checks=checks,
        issuer=IssuerInfo(
            id=iss,
            name=_text(disclosed.get("issuer_name")),
            trusted=options.trusted(iss),
        ),
        subject=_text(disclosed.get("sub")),
        display=display_with_dates(_display({**disclosed, "iss": iss}), dates),
    )
