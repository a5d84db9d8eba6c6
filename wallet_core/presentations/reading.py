"""Reading a presentation before any check: its shape, its parts, what it claims."""

from __future__ import annotations

import logging

from .. import jsonsafe
from ..encoding import b64url_decode
from ..errors import InputError, InputTooLarge, MalformedInput, NotACredential, UnreadableInput
from ..sdjwt import SdJwtError, SdJwtParts, split
from .model import QR_PREFIX, QR_PREFIX_V1, Claimed
from .qr import qr_decode

log = logging.getLogger("wallet_core")


def jwt_parts(text: str, what: str) -> tuple[dict, dict]:
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


def kind(text: str) -> str:
    return "sd-jwt-kb" if "~" in text else "vp-jwt"


def str_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def aud(value) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return str_or_none(value)


def text_of(presentation: str | bytes, max_bytes: int) -> str:
    """The presentation as compact text (an ``SVP2:``/``SVP1:`` QR text or the joined parts of one unpacked), size-checked."""
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
    if presentation.startswith((QR_PREFIX, QR_PREFIX_V1, "SVP2/")):
        presentation = qr_decode(presentation)
    return presentation.strip()


def sd_jwt_kb_parts(text: str) -> tuple[SdJwtParts, dict, dict]:
    """An SD-JWT+KB's parts and its key binding JWT's header and claims."""
    try:
        parts = split(text)
    except SdJwtError as exc:
        raise MalformedInput(f"The presentation is not an SD-JWT: {exc}.") from None
    if parts.kb_jwt is None:
        raise NotACredential("This SD-JWT has no key binding JWT: it was not presented by its holder.")
    kb_header, kb = jwt_parts(parts.kb_jwt, "key binding JWT")
    return parts, kb_header, kb


def vp_jwt_parts(text: str) -> tuple[dict, dict, dict]:
    """A VP-JWT's header, payload and ``vp`` claim."""
    header, payload = jwt_parts(text, "presentation")
    vp = payload.get("vp")
    if not isinstance(vp, dict):
        raise NotACredential("This JWT is not a verifiable presentation (no vp claim).")
    return header, payload, vp


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
    text = text_of(presentation, max_bytes)
    if kind(text) == "sd-jwt-kb":
        _parts, _h, kb = sd_jwt_kb_parts(text)
        return Claimed("sd-jwt-kb", aud(kb.get("aud")), str_or_none(kb.get("nonce")), None)
    _h, payload, _vp = vp_jwt_parts(text)
    return Claimed(
        "vp-jwt", aud(payload.get("aud")), str_or_none(payload.get("nonce")), str_or_none(payload.get("iss"))
    )
