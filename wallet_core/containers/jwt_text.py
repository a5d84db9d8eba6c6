"""A compact JWS/JWT (or SD-JWT: JWT followed by ``~``-separated disclosures)."""

from __future__ import annotations

import re

from .text import decode_utf8, strip_leading

_JWT_SHAPE = re.compile(rb"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(~[A-Za-z0-9_.~-]*)?$")
_B64URL_HEAD = re.compile(rb"^eyJ[A-Za-z0-9_-]*\.")


def looks_like_jwt(text: bytes) -> bool:
    return bool(_JWT_SHAPE.match(text))


def sniff(data: bytes) -> bool:
    # "eyJ" is base64url for '{"', the start of every JOSE header.
    return bool(_B64URL_HEAD.match(strip_leading(data)))


def unbake(data: bytes) -> str:
    return decode_utf8(data, "token").strip()
