"""``verify_presentation``: the checks of ``checks.py`` put together, per shape."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from .. import reasons
from ..dates import epoch_iso
from ..errors import InputError, MalformedInput, NotACredential
from ..options import VerifyOptions
from ..verdict import FAILED, PASSED, Check, Result, Verdict, overall
from ..verifier import INTERNAL_ERROR, verify
from .checks import (
    context_checks,
    did_key,
    holder_binding,
    holder_did,
    kb_holder_binding,
    kb_holder_signature,
    sd_jwt_cnf_key,
    vp_holder_signature,
)
from .model import MAX_CREDENTIALS, PresentationVerdict, PresentedCredential
from .reading import aud, jwt_parts, kind, sd_jwt_kb_parts, str_or_none, text_of, vp_jwt_parts

log = logging.getLogger("wallet_core")


def _as_status(result: Result) -> str:
    return {"valid": PASSED, "invalid": FAILED}.get(result, "could_not_check")


def _combine(verdict: Verdict, binding: Check) -> Result:
    return overall([Check("credential", _as_status(verdict.result), ""), binding])


def _credential_options(options: VerifyOptions, now: datetime, accepted_at: datetime | None) -> VerifyOptions:
    if accepted_at is None:
        return options
    # An SD-JWT's key binding was fresh when accepted: allow for the time since.
    age = options.max_presentation_age + max(now - accepted_at, timedelta(0))
    return replace(options, max_presentation_age=age)


def _verify_credential(entry, options: VerifyOptions, index: int) -> tuple[Verdict, str]:
    if isinstance(entry, dict):
        text = json.dumps(entry, ensure_ascii=False)
    elif isinstance(entry, str):
        text = entry
    else:
        raise MalformedInput(f"Credential {index + 1} of the presentation is neither a JSON object nor a string.")
    try:
        return verify(text.encode("utf-8"), options), text
    except (MalformedInput, NotACredential) as exc:
        raise type(exc)(f"Credential {index + 1} of the presentation: {exc.message}") from None


def _stamp(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def _finish(fmt, holder, claims, checks, credentials, now) -> PresentationVerdict:
    statuses = [*checks]
    statuses += [Check("credential", _as_status(c.result), "") for c in credentials]
    return PresentationVerdict(
        format=fmt,
        result=overall(statuses),
        holder=holder,
        audience=aud(claims.get("aud")),
        nonce=str_or_none(claims.get("nonce")),
        issued_at=epoch_iso(claims.get("iat")),
        checks=checks,
        credentials=credentials,
        checked_at=_stamp(now),
    )


def _now(options: VerifyOptions) -> datetime:
    now = options.now()
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def verify_presentation(
    presentation: str | bytes,
    options: VerifyOptions | None = None,
    *,
    accepted_at: datetime | None = None,
) -> PresentationVerdict:
    """Verify a VP-JWT or an SD-JWT+KB against ``options.audience``/``options.nonce``.

    Raises ``InputError`` subclasses only when it is not a presentation at all."""
    options = options or VerifyOptions()
    now = _now(options)
    if accepted_at is not None and accepted_at.tzinfo is None:
        accepted_at = accepted_at.replace(tzinfo=UTC)
    shape = "unknown"
    try:
        text = text_of(presentation, options.max_input_bytes)
        shape = kind(text)
        if shape == "sd-jwt-kb":
            return _verify_sd_jwt_kb(text, options, now, accepted_at)
        return _verify_vp_jwt(text, options, now, accepted_at)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # the net (see verifier.py): could_not_check, never valid
        log.exception("unexpected error verifying a presentation")
        check = reasons.check("format", "could_not_check", INTERNAL_ERROR, error=type(exc).__name__)
        return PresentationVerdict(
            format=shape, result="could_not_check", holder=None, audience=None, nonce=None,
            issued_at=None, checks=[check], credentials=[], checked_at=_stamp(now),
        )


def _verify_vp_jwt(text, options, now, accepted_at) -> PresentationVerdict:
    header, payload, vp = vp_jwt_parts(text)
    entries = vp.get("verifiableCredential")
    if isinstance(entries, (dict, str)):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        raise NotACredential("The presentation carries no credentials (vp.verifiableCredential).")
    if len(entries) > MAX_CREDENTIALS:
        raise MalformedInput(f"A presentation may carry at most {MAX_CREDENTIALS} credentials.")
    holder = str_or_none(payload.get("iss"))
    signature = vp_holder_signature(text, header, payload, vp)
    holder_key = did_key(holder) if signature.status == PASSED else None
    checks = [signature, *context_checks(payload, vp, options, accepted_at or now, accepted_at is not None)]
    # An SD-JWT's key binding inside the VP must be made for this same presentation: the
    # VP's own aud and nonce (which the checks above hold to the verifier's).
    cred_options = _credential_options(
        replace(options, audience=aud(payload.get("aud")), nonce=str_or_none(payload.get("nonce"))), now, accepted_at
    )
    credentials = []
    for i, entry in enumerate(entries):
        verdict, ctext = _verify_credential(entry, cred_options, i)
        binding = holder_binding(verdict, ctext, holder if holder_key else None, holder_key)
        credentials.append(PresentedCredential(verdict=verdict, holder_binding=binding, result=_combine(verdict, binding)))
    return _finish("vp-jwt", holder, payload, checks, credentials, now)


def _verify_sd_jwt_kb(text, options, now, accepted_at) -> PresentationVerdict:
    parts, kb_header, kb = sd_jwt_kb_parts(text)
    jwt_parts(parts.issuer_jwt, "SD-JWT")
    cnf_key = sd_jwt_cnf_key(text)
    signature = kb_holder_signature(parts, kb_header, kb, cnf_key)
    checks = [signature, *context_checks(kb, None, options, accepted_at or now, accepted_at is not None)]
    cred_options = _credential_options(replace(options, require_holder_binding=True), now, accepted_at)
    verdict, _t = _verify_credential(text, cred_options, 0)
    holder = holder_did(verdict.subject, cnf_key) if cnf_key is not None else None
    binding = kb_holder_binding(signature, holder)
    credential = PresentedCredential(verdict=verdict, holder_binding=binding, result=_combine(verdict, binding))
    return _finish("sd-jwt-kb", holder, kb, checks, [credential], now)
