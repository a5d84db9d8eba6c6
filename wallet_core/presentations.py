"""Presentations: a holder shows credentials to one verifier, once.

Two shapes are accepted by ``verify_presentation``:

- **VP-JWT** (W3C VC-JWT 1.1 presentation): header ``{"alg": "EdDSA" | "ES256",
  "typ": "JWT", "kid": "<holder DID>#<key>"}``, payload ``{"iss": holder DID,
  "aud": verifier audience, "nonce": verifier nonce, "iat", "exp"?, "vp":
  {"@context", "type": ["VerifiablePresentation"], "holder"?: holder DID,
  "verifiableCredential": [...]}}``. Each credential is a JSON credential
  object or a compact string (VC-JWT, SD-JWT, SD-JWT+KB). The holder is a
  ``did:key`` or ``did:jwk`` (resolved locally, never over the network).
- **SD-JWT+KB** presented alone: the key binding JWT is the holder's signature,
  the holder is the key in ``cnf.jwk`` (named by ``sub`` when the disclosed
  ``sub`` is a DID of that key, else as a ``did:jwk``).

The result is a ``PresentationVerdict``: presentation checks (``holder_signature``,
``audience``, ``nonce``, ``freshness``) and, per credential, the credential's own
``Verdict`` plus a ``holder_binding`` check (the credential was issued to the
holder who signed: ``credentialSubject.id`` / ``sub`` equals the holder DID, or
the SD-JWT's ``cnf`` key is the holder's key). Nothing unchecked reads as valid:
no expected audience or nonce is ``could_not_check``, never ``passed``.

A nonce is single-use; that is the caller's job (the server stores and consumes
nonces). ``verify_presentation(accepted_at=...)`` re-checks an accepted
presentation later: freshness is judged at the moment it was accepted, while the
credentials' own dates and status are judged now.

``create_vp_jwt`` and ``create_sd_jwt_presentation`` build presentations (tests,
CLI; the wallet app does the same in JavaScript). ``qr_encode``/``qr_decode``
pack a presentation into a QR-friendly text (see ``docs/api.md``).
"""

from __future__ import annotations

import json
import logging
import zlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import msgspec
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from . import jsonsafe, reasons
from .dates import epoch_iso, iso, parse_epoch
from .encoding import b64url_decode, b64url_encode
from .errors import InputError, InputTooLarge, MalformedInput, NotACredential, UnreadableInput
from .jose import JoseError, verify_compact
from .keys import KeyInvalid, KeyUnavailable, from_jwk
from .options import VerifyOptions
from .sdjwt import SdJwtError, digest, split
from .validity import END_FIELDS, START_FIELDS, decide, epoch_fields, iso_fields
from .verdict import FAILED, PASSED, Check, Result, Verdict, overall
from .verification_method import resolve as resolve_method
from .verifier import INTERNAL_ERROR, verify

MAX_CREDENTIALS = 20
log = logging.getLogger("wallet_core")
HOLDER_METHODS = ("did:key:", "did:jwk:")
PRESENTATION_ALGS = ("EdDSA", "ES256")
VP_CONTEXT = "https://www.w3.org/2018/credentials/v1"
QR_PREFIX = "SVP1:"


class PresentedCredential(msgspec.Struct, frozen=True):
    verdict: Verdict
    holder_binding: Check
    # the verdict's result combined with the holder binding
    result: Result


class PresentationVerdict(msgspec.Struct, frozen=True):
    format: str  # "vp-jwt" | "sd-jwt-kb"
    result: Result
    holder: str | None
    audience: str | None  # as written in the presentation
    nonce: str | None  # as written in the presentation
    issued_at: str | None  # the presentation's iat (ISO 8601)
    checks: list[Check]  # holder_signature, audience, nonce, freshness
    credentials: list[PresentedCredential]
    checked_at: str


class Claimed(msgspec.Struct, frozen=True):
    """What a presentation says about itself, before any check (for the caller's
    nonce lookup). Never trust these values without ``verify_presentation``."""

    format: str
    audience: str | None
    nonce: str | None
    holder: str | None


# --- reading ---------------------------------------------------------------------


def _jwt_parts(text: str, what: str) -> tuple[dict, dict]:
    pieces = text.split(".")
    if len(pieces) != 3:
        raise MalformedInput(f"The {what} is not a compact JWT (three parts).")
    try:
        header = jsonsafe.loads_jose(b64url_decode(pieces[0]))
        payload = jsonsafe.loads_jose(b64url_decode(pieces[1]))
    except (ValueError, UnicodeDecodeError):
        raise MalformedInput(f"The {what}'s header or payload is not base64url JSON.") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise MalformedInput(f"The {what}'s header and payload must be JSON objects.")
    return header, payload


def _kind(text: str) -> str:
    if "~" in text:
        return "sd-jwt-kb"
    return "vp-jwt"


def _str_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def _aud(value) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return _str_or_none(value)


def claimed(presentation: str, max_bytes: int = 4 * 1024 * 1024) -> Claimed:
    """Read (without checking) the format, audience, nonce and holder of a presentation.

    Raises ``MalformedInput`` / ``NotACredential`` when it is not a presentation."""
    try:
        return _claimed(presentation, max_bytes)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # the net (see verifier.py)
        log.exception("unexpected error reading a presentation")
        raise UnreadableInput(
            f"Satchel could not read this presentation ({type(exc).__name__})."
        ) from exc


def _claimed(presentation: str | bytes, max_bytes: int) -> Claimed:
    text = _text(presentation, max_bytes)
    if _kind(text) == "sd-jwt-kb":
        try:
            parts = split(text)
        except SdJwtError as exc:
            raise MalformedInput(f"The presentation is not an SD-JWT: {exc}.") from None
        if parts.kb_jwt is None:
            raise NotACredential(
                "This SD-JWT has no key binding JWT: it was not presented by its holder."
            )
        _h, kb = _jwt_parts(parts.kb_jwt, "key binding JWT")
        return Claimed("sd-jwt-kb", _aud(kb.get("aud")), _str_or_none(kb.get("nonce")), None)
    _h, payload = _jwt_parts(text, "presentation")
    if not isinstance(payload.get("vp"), dict):
        raise NotACredential("This JWT is not a verifiable presentation (no vp claim).")
    return Claimed(
        "vp-jwt", _aud(payload.get("aud")), _str_or_none(payload.get("nonce")), _str_or_none(payload.get("iss"))
    )


def _text(presentation: str | bytes, max_bytes: int) -> str:
    if isinstance(presentation, bytes):
        if len(presentation) > max_bytes:
            raise InputTooLarge(f"The presentation is larger than {max_bytes:,} bytes.")
        try:
            presentation = presentation.decode("ascii")
        except UnicodeDecodeError:
            raise MalformedInput("A presentation is ASCII text (a compact JWT or SD-JWT).") from None
    if not isinstance(presentation, str) or not presentation.strip():
        raise MalformedInput("The presentation is empty.")
    if len(presentation) > max_bytes:
        raise InputTooLarge(f"The presentation is larger than {max_bytes:,} bytes.")
    if presentation.startswith(QR_PREFIX):
        presentation = qr_decode(presentation)
    return presentation.strip()


# --- checks ----------------------------------------------------------------------


def _context_checks(
    claims: dict, vp: dict | None, options: VerifyOptions, now: datetime, accepted_at: datetime | None
) -> list[Check]:
    checks = []
    aud = _aud(claims.get("aud"))
    nonce = claims.get("nonce")
    if options.audience is None:
        checks.append(Check("audience", "could_not_check", "no audience was expected, so the presentation could be meant for anyone"))
    elif aud == options.audience:
        checks.append(Check("audience", PASSED, f"made for this verifier ({aud})"))
    else:
        checks.append(Check("audience", FAILED, f"made for {aud!r}, not for this verifier ({options.audience}): a foreign presentation"))
    if options.nonce is None:
        checks.append(Check("nonce", "could_not_check", "no nonce was expected, so a replay cannot be ruled out"))
    elif nonce == options.nonce:
        checks.append(Check("nonce", PASSED, "carries the single-use nonce this verifier issued"))
    else:
        checks.append(Check("nonce", FAILED, "does not carry the nonce this verifier issued (replayed or made for another request)"))
    checks.append(_freshness(claims, vp, options, accepted_at or now, accepted_at is not None))
    return checks


def _freshness(claims: dict, vp: dict | None, options: VerifyOptions, moment: datetime, accepted: bool) -> Check:
    """The presentation's own dates, by the same rule as a credential's: ``iat``,
    ``nbf`` (and a ``vp.validFrom``/``issuanceDate``) start, ``exp`` (and a
    ``vp.validUntil``/``expirationDate``) end; the latest start and the earliest
    end decide. ``iat`` must also be recent (``max_presentation_age``)."""
    iat = parse_epoch(claims.get("iat"))
    if iat is None:
        return Check("freshness", FAILED, "the presentation has no iat (time of signing) that is a valid date")
    vp = vp if isinstance(vp, dict) else {}
    dates = decide(
        epoch_fields(claims, "iat", "nbf") + iso_fields(vp, *START_FIELDS),
        epoch_fields(claims, "exp") + iso_fields(vp, *END_FIELDS),
    )
    skew = options.max_clock_skew
    if dates.bad is not None:
        return Check("freshness", FAILED, f"the presentation's {dates.bad.name} {repr(dates.bad.value)[:40]} is not a valid date")
    if dates.start > moment + skew:
        if dates.start_field == "iat":
            return Check("freshness", FAILED, "the presentation is dated in the future")
        return Check("freshness", FAILED, f"the presentation is not valid before {dates.start_text} ({dates.start_field})")
    if iat < moment - options.max_presentation_age - skew:
        return Check("freshness", FAILED, f"the presentation was signed at {iso(iat)}, too long before it was received (a replay?)")
    if dates.end is not None and dates.end < moment - skew:
        return Check("freshness", FAILED, f"the presentation expired at {dates.end_text} ({dates.end_field})")
    if dates.end is not None and dates.end < dates.start:
        return Check("freshness", FAILED, f"the presentation expires ({dates.end_text}) before it is valid ({dates.start_text})")
    when = "when it was accepted" if accepted else "now"
    return Check("freshness", PASSED, f"signed at {iso(iat)}, fresh {when}")


def _same_key(a, b) -> bool:
    if isinstance(a, ed25519.Ed25519PublicKey) and isinstance(b, ed25519.Ed25519PublicKey):
        return a.public_bytes_raw() == b.public_bytes_raw()
    if isinstance(a, ec.EllipticCurvePublicKey) and isinstance(b, ec.EllipticCurvePublicKey):
        return a.public_numbers() == b.public_numbers()
    return False


def _did_key(did: str):
    """The single public key of a did:key / did:jwk (local resolution only)."""
    if not isinstance(did, str) or not did.startswith(HOLDER_METHODS):
        raise KeyInvalid(f"the holder {did!r} is not a did:key or did:jwk")
    return resolve_method(did, None).public_key


def _sd_jwt_cnf_key(text: str):
    try:
        parts = split(text)
        _h, payload = _jwt_parts(parts.issuer_jwt, "SD-JWT")
    except (SdJwtError, MalformedInput):
        return None
    cnf = payload.get("cnf")
    if isinstance(cnf, dict) and isinstance(cnf.get("jwk"), dict):
        try:
            return from_jwk(cnf["jwk"])
        except KeyInvalid:
            return None
    return None


def _holder_binding(verdict: Verdict, text: str, holder: str | None, holder_key) -> Check:
    if holder is None or holder_key is None:
        return Check("holder_binding", FAILED, "the presenter could not be identified")
    if verdict.format == "sd-jwt-vc":
        cnf_key = _sd_jwt_cnf_key(text)
        if cnf_key is not None:
            if _same_key(cnf_key, holder_key):
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


def _combine(verdict: Verdict, binding: Check) -> Result:
    return overall([Check("credential", _as_status(verdict.result), ""), binding])


def _as_status(result: Result) -> str:
    return {"valid": PASSED, "invalid": FAILED}.get(result, "could_not_check")


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


def _finish(fmt, holder, claims, checks, credentials, now) -> PresentationVerdict:
    statuses = [*checks]
    statuses += [Check("credential", _as_status(c.result), "") for c in credentials]
    iat = claims.get("iat")
    return PresentationVerdict(
        format=fmt,
        result=overall(statuses),
        holder=holder,
        audience=_aud(claims.get("aud")),
        nonce=_str_or_none(claims.get("nonce")),
        issued_at=epoch_iso(iat),
        checks=checks,
        credentials=credentials,
        checked_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
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
    kind = "unknown"
    try:
        text = _text(presentation, options.max_input_bytes)
        kind = _kind(text)
        if kind == "sd-jwt-kb":
            return _verify_sd_jwt_kb(text, options, now, accepted_at)
        return _verify_vp_jwt(text, options, now, accepted_at)
    except (InputError, MemoryError):
        raise
    except Exception as exc:  # the net (see verifier.py): could_not_check, never valid
        log.exception("unexpected error verifying a presentation")
        check = reasons.check("format", "could_not_check", INTERNAL_ERROR, error=type(exc).__name__)
        return PresentationVerdict(
            format=kind, result="could_not_check", holder=None, audience=None, nonce=None,
            issued_at=None, checks=[check], credentials=[], checked_at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )


def _verify_vp_jwt(text, options, now, accepted_at) -> PresentationVerdict:
    header, payload = _jwt_parts(text, "presentation")
    vp = payload.get("vp")
    if not isinstance(vp, dict):
        raise NotACredential("This JWT is not a verifiable presentation (no vp claim).")
    entries = vp.get("verifiableCredential")
    if isinstance(entries, (dict, str)):
        entries = [entries]
    if not isinstance(entries, list) or not entries:
        raise NotACredential("The presentation carries no credentials (vp.verifiableCredential).")
    if len(entries) > MAX_CREDENTIALS:
        raise MalformedInput(f"A presentation may carry at most {MAX_CREDENTIALS} credentials.")
    holder = _str_or_none(payload.get("iss"))
    checks: list[Check] = []
    holder_key = None
    vp_holder = vp.get("holder")
    if vp_holder is not None and vp_holder != holder:
        checks.append(Check("holder_signature", FAILED, f"vp.holder {vp_holder!r} is not the signer (iss {holder!r})"))
    elif holder is None:
        checks.append(Check("holder_signature", FAILED, "the presentation names no holder (iss)"))
    else:
        checks.append(_holder_signature(text, header, holder))
        if checks[-1].status == PASSED:
            holder_key = _did_key(holder)
    checks += _context_checks(payload, vp, options, now, accepted_at)
    cred_options = _credential_options(options, now, accepted_at)
    credentials = []
    for i, entry in enumerate(entries):
        verdict, ctext = _verify_credential(entry, cred_options, i)
        binding = _holder_binding(verdict, ctext, holder if holder_key else None, holder_key)
        credentials.append(PresentedCredential(verdict=verdict, holder_binding=binding, result=_combine(verdict, binding)))
    return _finish("vp-jwt", holder, payload, checks, credentials, now)


def _holder_signature(text: str, header: dict, holder: str) -> Check:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in PRESENTATION_ALGS:
        return Check("holder_signature", FAILED, f"presentation algorithm {alg!r} is not accepted ({', '.join(PRESENTATION_ALGS)} are)")
    if not holder.startswith(HOLDER_METHODS):
        return Check("holder_signature", FAILED, f"the holder must be a did:key or did:jwk, not {holder[:40]!r}")
    kid = header.get("kid")
    if kid is None:
        method = holder
    elif isinstance(kid, str) and kid.startswith("#"):
        method = holder + kid
    elif isinstance(kid, str) and kid.split("#")[0] == holder:
        method = kid
    else:
        return Check("holder_signature", FAILED, f"signed with key {kid!r}, which is not the holder's ({holder})")
    try:
        key = resolve_method(method, None)
        ok = verify_compact(text, alg, key.public_key)
    except (KeyInvalid, KeyUnavailable, JoseError, ValueError) as exc:
        return Check("holder_signature", FAILED, f"the holder's key could not be used: {exc}")
    if not ok:
        return Check("holder_signature", FAILED, "the holder's signature does not match the presentation (altered?)")
    return Check("holder_signature", PASSED, f"signed by the holder {holder}")


def _verify_sd_jwt_kb(text, options, now, accepted_at) -> PresentationVerdict:
    try:
        parts = split(text)
    except SdJwtError as exc:
        raise MalformedInput(f"The presentation is not an SD-JWT: {exc}.") from None
    if parts.kb_jwt is None:
        raise NotACredential("This SD-JWT has no key binding JWT: it was not presented by its holder.")
    kb_header, kb = _jwt_parts(parts.kb_jwt, "key binding JWT")
    _jwt_parts(parts.issuer_jwt, "SD-JWT")
    cnf_key = _sd_jwt_cnf_key(text)
    holder = None
    checks: list[Check] = []
    if cnf_key is None:
        checks.append(Check("holder_signature", FAILED, "the credential binds no holder key (cnf.jwk)"))
    elif kb_header.get("typ") != "kb+jwt":
        checks.append(Check("holder_signature", FAILED, "the key binding JWT's typ is not kb+jwt"))
    else:
        try:
            ok = verify_compact(parts.kb_jwt, kb_header.get("alg"), cnf_key)
        except JoseError as exc:
            ok, why = False, str(exc)
        else:
            why = "the key binding JWT is not signed by the holder's key (cnf.jwk)"
        if ok and kb.get("sd_hash") != digest(parts.presented):
            ok, why = False, "the key binding does not cover these disclosures (sd_hash: altered or replayed)"
        checks.append(Check("holder_signature", PASSED, "signed by the holder of the key the credential was issued to (cnf.jwk)") if ok else Check("holder_signature", FAILED, why))
    checks += _context_checks(kb, None, options, now, accepted_at)
    cred_options = _credential_options(replace(options, require_holder_binding=True), now, accepted_at)
    verdict, _t = _verify_credential(text, cred_options, 0)
    if cnf_key is not None:
        holder = _holder_did(verdict.subject, cnf_key)
    if holder is not None and checks[0].status == PASSED:
        binding = Check("holder_binding", PASSED, "presented with the key the credential was issued to (cnf)")
    else:
        binding = Check("holder_binding", FAILED, "not presented with the key the credential was issued to")
    credential = PresentedCredential(verdict=verdict, holder_binding=binding, result=_combine(verdict, binding))
    return _finish("sd-jwt-kb", holder, kb, checks, [credential], now)


def _holder_did(subject: str | None, cnf_key) -> str:
    """The disclosed ``sub`` when it is a did:key/did:jwk of the cnf key, else a did:jwk of it."""
    if subject and subject.startswith(HOLDER_METHODS):
        try:
            if _same_key(_did_key(subject), cnf_key):
                return subject
        except (KeyInvalid, KeyUnavailable, ValueError):
            pass
    from .sdjwt import public_jwk

    jwk = public_jwk(cnf_key)
    return "did:jwk:" + b64url_encode(json.dumps(jwk, separators=(",", ":")).encode())


# --- creating (tests and tools; the wallet app does this in JavaScript) ----------


def _jws(header: dict, payload: dict, key) -> str:
    head = b64url_encode(json.dumps(header, separators=(",", ":")).encode())
    body = b64url_encode(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{head}.{body}.{b64url_encode(key.sign(f'{head}.{body}'.encode('ascii')))}"


def create_vp_jwt(
    credentials: list,
    holder_key: ed25519.Ed25519PrivateKey,
    *,
    audience: str,
    nonce: str,
    iat: int,
    exp: int | None = None,
    holder: str | None = None,
) -> str:
    """A VP-JWT signed with the holder's Ed25519 key (holder defaults to its did:key).

    ``credentials``: JSON credential objects and/or compact JWT / SD-JWT strings."""
    if holder is None:
        from .dids.did_key import did_key_from_ed25519_public

        holder = did_key_from_ed25519_public(holder_key.public_key().public_bytes_raw())
    kid = f"{holder}#{holder[len('did:key:'):]}" if holder.startswith("did:key:") else f"{holder}#0"
    payload = {
        "iss": holder,
        "aud": audience,
        "nonce": nonce,
        "iat": iat,
        "vp": {
            "@context": [VP_CONTEXT],
            "type": ["VerifiablePresentation"],
            "holder": holder,
            "verifiableCredential": list(credentials),
        },
    }
    if exp is not None:
        payload["exp"] = exp
    return _jws({"alg": "EdDSA", "typ": "JWT", "kid": kid}, payload, holder_key)


def create_sd_jwt_presentation(sd_jwt: str, disclose, holder_key, *, audience: str, nonce: str, iat: int) -> str:
    """An SD-JWT+KB keeping only the claim paths in ``disclose``."""
    from .sdjwt import present

    return present(sd_jwt, disclose, holder_key, aud=audience, nonce=nonce, iat=iat)


# --- QR transport ------------------------------------------------------------------
#
# "SVP1:" + base45(deflate(body)), where body is the presentation with every
# base64url segment (split on "." and "~") replaced by its decoded bytes:
# a sequence of records [separator byte ('.', '~' or 0 for the first)]
# [varint length][bytes]. Base45 (RFC 9285) fits the QR alphanumeric mode.
# Decoding re-encodes each segment as unpadded base64url, so only presentations
# whose segments are canonical base64url can be packed (JWTs always are).

B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"


def _b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data), 2):
        chunk = data[i : i + 2]
        if len(chunk) == 2:
            n = chunk[0] * 256 + chunk[1]
            c, n = divmod(n, 45 * 45)
            e, d = divmod(n, 45)
            out += [B45[d], B45[e], B45[c]]
        else:
            e, d = divmod(chunk[0], 45)
            out += [B45[d], B45[e]]
    return "".join(out)


def _b45decode(text: str) -> bytes:
    try:
        values = [B45.index(ch) for ch in text]
    except ValueError:
        raise MalformedInput("The QR text is not base45.") from None
    out = bytearray()
    for i in range(0, len(values), 3):
        chunk = values[i : i + 3]
        if len(chunk) == 3:
            n = chunk[0] + chunk[1] * 45 + chunk[2] * 45 * 45
            if n > 0xFFFF:
                raise MalformedInput("The QR text is not base45.")
            out += bytes([n >> 8, n & 0xFF])
        elif len(chunk) == 2:
            n = chunk[0] + chunk[1] * 45
            if n > 0xFF:
                raise MalformedInput("The QR text is not base45.")
            out.append(n)
        else:
            raise MalformedInput("The QR text is not base45.")
    return bytes(out)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def qr_encode(presentation: str) -> str:
    """Pack a VP-JWT or SD-JWT+KB into ``SVP1:<base45>`` for a QR code (alphanumeric mode)."""
    import re

    body = bytearray()
    for sep, segment in re.findall(r"(^|[.~])([^.~]*)", presentation):
        raw = b64url_decode(segment) if segment else b""
        if b64url_encode(raw) != segment:
            raise ValueError("a segment is not canonical base64url")
        body.append(ord(sep) if sep else 0)
        body += _varint(len(raw)) + raw
    return QR_PREFIX + _b45encode(zlib.compress(bytes(body), 9))


def qr_decode(text: str, max_bytes: int = 1024 * 1024) -> str:
    if not text.startswith(QR_PREFIX):
        raise MalformedInput(f"QR presentations start with {QR_PREFIX}.")
    packed = _b45decode(text[len(QR_PREFIX) :].strip())
    try:
        inflater = zlib.decompressobj()
        body = inflater.decompress(packed, max_bytes + 1)
    except zlib.error:
        raise MalformedInput("The QR presentation is not deflate-compressed.") from None
    if len(body) > max_bytes or inflater.unconsumed_tail:
        raise InputTooLarge("The QR presentation unpacks to too much data.")
    out, i = [], 0
    while i < len(body):
        sep = body[i]
        if sep not in (0, ord("."), ord("~")) or (sep == 0) != (i == 0):
            raise MalformedInput("The QR presentation is damaged.")
        i += 1
        n = shift = 0
        while True:
            if i >= len(body) or shift > 28:
                raise MalformedInput("The QR presentation is damaged.")
            b = body[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        if i + n > len(body):
            raise MalformedInput("The QR presentation is damaged.")
        out.append(("" if sep == 0 else chr(sep)) + b64url_encode(body[i : i + n]))
        i += n
    return "".join(out)


def to_json(verdict: PresentationVerdict) -> bytes:
    return msgspec.json.encode(verdict)
